#!/usr/bin/env node
// The fude CLI: runs the built Node entry (npm run build, or any npm script, builds it).
import { existsSync } from 'node:fs';
const cli = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('fude: dist/ is missing: run `npm run build` (or `npm run setup`) in the fude package first');
  process.exit(1);
}
await import(cli.href);
