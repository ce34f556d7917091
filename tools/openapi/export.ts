/**
 * `npm run openapi`: writes the OpenAPI document that the api serves at /api/docs (JSON at
 * /api/docs-json) to docs/openapi.json. The module graph is built in preview mode, so nothing connects
 * to a database or Redis.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApi } from './openapi-document';

async function main(): Promise<void> {
  const out = join(__dirname, '..', '..', 'docs', 'openapi.json');
  const doc = await generateOpenApi();
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`wrote ${out} (${Object.keys(doc.paths).length} paths)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
