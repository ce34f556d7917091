import { createHash } from 'node:crypto';
import { join } from 'node:path';
/** Where the integration tier finds its real services; CI starts them (see .ci/run). */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Names are scoped to this checkout, so suites run from two checkouts at once never touch each other's databases. */
const CHECKOUT = createHash('sha1')
  .update(join(__dirname, '..', '..'))
  .digest('hex')
  .slice(0, 8);
export const TEMPLATE_DB = `murmur_tpl_${CHECKOUT}`;
export const TEST_DB_PREFIX = `murmur_t_${CHECKOUT}_`;
export const TEST_SECRET_KEY = '5f'.repeat(32);
export const TEST_JWT_SECRET = 'test-jwt-secret-not-for-production';

export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
