/**
 * Database maintenance: `migrate` applies pending migrations; `check` fails when the entities and the
 * migrations disagree (the SQL TypeORM would need is printed); `sql` prints that SQL to start a new
 * migration from. Uses DATABASE_URL, or the embedded database under DATA_DIR.
 */
import 'reflect-metadata';
import { AppConfig } from '@scrm/config';
import { createDataSource, runMigrations, schemaDrift } from '@scrm/database';

async function main(): Promise<number> {
  const [command] = process.argv.slice(2);
  const config = new AppConfig('all', process.env);
  const ds = createDataSource({ url: config.databaseUrl, dataDir: config.dataDir });
  await ds.initialize();
  try {
    if (command === 'migrate' || command === 'check' || command === 'sql') {
      const applied = await runMigrations(ds);
      if (command === 'migrate') {
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
        return 0;
      }
      const drift = await schemaDrift(ds);
      if (command === 'sql') {
        console.log(drift.map((q) => `${q};`).join('\n'));
        return 0;
      }
      if (drift.length > 0) {
        console.error('entities differ from migrations; a migration needs:\n' + drift.join(';\n'));
        return 1;
      }
      console.log('entities match migrations');
      return 0;
    }
    console.error('usage: db <migrate|check|sql>');
    return 2;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
