import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config';

describe('AppConfig', () => {
  it('names the missing secrets when DATABASE_URL is set without them', () => {
    expect(() => new AppConfig('all', { DATABASE_URL: 'postgres://db.example/murmur' })).toThrow(
      /JWT_SECRET is required when DATABASE_URL is set/,
    );
    expect(
      () => new AppConfig('all', { DATABASE_URL: 'postgres://db.example/murmur', JWT_SECRET: 'x'.repeat(32) }),
    ).toThrow(/MURMUR_SECRET_KEY is required when DATABASE_URL is set/);
  });

  it('lingers only with PostgreSQL: embedded, flushes never wait for company', () => {
    const tuning = { INGEST_LINGER_MS: '40', INBOUND_STAGE_LINGER_MS: '7' };
    const postgres = new AppConfig('all', {
      ...tuning,
      DATABASE_URL: 'postgres://db.example/murmur',
      JWT_SECRET: 'x'.repeat(32),
      MURMUR_SECRET_KEY: '5f'.repeat(32),
    });
    expect([postgres.ingestLingerMs, postgres.stageLingerMs]).toEqual([40, 7]);
    const embedded = new AppConfig('all', { ...tuning, DATA_DIR: mkdtempSync(join(tmpdir(), 'murmur-config-')) });
    expect([embedded.ingestLingerMs, embedded.stageLingerMs]).toEqual([0, 0]);
  });
});
