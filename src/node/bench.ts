// `npm run bench`: runs the bench registry in headless Chromium, prints a table and writes
// bench/results/engine-<date>.json (+ quality-<date>.json/.md once painting cases run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCase } from '../bench/registry.js';
import type { EngineRecord } from '../bench/engine-bench.js';
import { openSession, type Session } from './session.js';
import { runQualityBench } from './quality-bench.js';

async function runEngineBench(session: Session, only?: (c: EngineCase) => boolean): Promise<EngineRecord[]> {
  const cases = await session.call('engineCases');
  const records: EngineRecord[] = [];
  console.log('engine: ms per optimization step (median of 7), SwiftShader timings are CPU timings: compare ratios');
  console.log('case                          forward    loss  backward    adam   total  trivial  total/trivial');
  for (const c of cases.filter(only ?? (() => true))) {
    const r = await session.call('runEngineCase', c);
    records.push(r);
    const n = (v: number, w = 8) => v.toFixed(1).padStart(w);
    console.log(`${r.name.padEnd(28)}${n(r.forwardMs, 9)}${n(r.lossMs)}${n(r.backwardMs, 10)}${n(r.adamMs)}${n(r.totalMs)}${n(r.trivialPassMs, 9)}${n(r.ratio, 15)}`);
  }
  return records;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const which = args.find((a) => !a.startsWith('-')) ?? 'all';
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const session = await openSession();
  try {
    const renderer = session.renderer;
    console.log(`renderer: ${renderer}\n`);
    if (which === 'all' || which === 'engine') {
      const only = args.find((a) => a.startsWith('--case='))?.slice('--case='.length);
      const records = await runEngineBench(session, only ? (c) => c.name.includes(only) : undefined);
      const file = join(outDir, `engine-${stamp}.json`);
      writeFileSync(file, JSON.stringify({ renderer, date: new Date().toISOString(), records }, null, 2));
      console.log(`\nwrote ${file}\n`);
    }
    if (which === 'all' || which === 'quality') await runQualityBench(session, outDir, stamp, args);
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exit(1);
});
