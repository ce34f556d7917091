import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the natural stemmer import', () => {
  it('neither loads dotenv, reads .env nor prints anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'murmur-natural-'));
    try {
      writeFileSync(join(dir, '.env'), 'MURMUR_ENV_PROBE=leaked\n');
      const stemmer = require.resolve('natural/lib/natural/stemmers/porter_stemmer');
      const script = [
        `const s = require(${JSON.stringify(stemmer)});`,
        'const loaded = Object.keys(require.cache).some((k) => k.includes("dotenv"));',
        'process.stdout.write(JSON.stringify({ stem: s.stem("running"), probe: process.env.MURMUR_ENV_PROBE ?? null, loaded }));',
      ].join('\n');
      // An empty environment: the probe can only come from the .env file.
      const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, env: {}, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual({ stem: 'run', probe: null, loaded: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
