// Copies non-TypeScript assets next to the compiled output (the built api serves public/ from there).
const { cpSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
const assets = [
  ['apps/api/public', 'dist/apps/api/public'],
  ['libs/sentiment/model', 'dist/libs/sentiment/model'],
];
for (const [from, to] of assets) {
  if (existsSync(join(root, from))) cpSync(join(root, from), join(root, to), { recursive: true });
}
