export * from './entities';
export * from './data-source.factory';
export * from './unit-of-work';
export * from './migrations.service';
export * from './database.module';
export * from './prepared-statements';
