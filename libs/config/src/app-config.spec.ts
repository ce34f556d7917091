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
});
