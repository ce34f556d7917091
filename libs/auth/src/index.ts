export * from './principal';
export * from './auth.service';
export * from './auth.decorators';
export * from './auth.module';
export * from './password-hasher';
