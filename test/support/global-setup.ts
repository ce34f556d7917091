import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { PG_ADMIN_URL, TEMPLATE_DB, TEST_JWT_SECRET, TEST_SECRET_KEY, databaseUrl } from './env';

/**
 * Builds the migrated template database once per run with the real migration CLI; each test file
 * clones it (CREATE DATABASE … TEMPLATE …), which takes milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'tools/db/cli.ts', 'migrate'], {
    cwd: join(__dirname, '..', '..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(TEMPLATE_DB),
      JWT_SECRET: TEST_JWT_SECRET,
      MURMUR_SECRET_KEY: TEST_SECRET_KEY,
    },
    stdio: 'pipe',
  });
}
