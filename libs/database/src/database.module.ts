import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@scrm/config';
import { createDataSource } from './data-source.factory';
import { pendingMigrations, runMigrations } from './migrations.service';
import { UnitOfWork } from './unit-of-work';

/**
 * Owns the process's one DataSource. On boot it applies migrations (embedded default, or
 * DB_MIGRATE=auto) or refuses to start while any is pending (DB_MIGRATE=check).
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const ds = createDataSource({
          url: config.databaseUrl,
          dataDir: config.dataDir,
          preparedStatements: config.databasePreparedStatements,
        });
        await ds.initialize();
        return ds;
      },
    },
    UnitOfWork,
  ],
  exports: [DataSource, UnitOfWork],
})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.migrate === 'auto') {
      const applied = await runMigrations(this.dataSource);
      if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    } else if (await pendingMigrations(this.dataSource)) {
      throw new Error('database has pending migrations: run `npm run migrate` (or set DB_MIGRATE=auto)');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
