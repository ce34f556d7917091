/** Where the integration tier finds its real services; CI starts them (see .ci/run). */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEMPLATE_DB = 'murmur_test_template';
export const TEST_SECRET_KEY = '5f'.repeat(32);
export const TEST_JWT_SECRET = 'test-jwt-secret-not-for-production';

export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
