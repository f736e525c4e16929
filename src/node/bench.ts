// `npm run bench [engine|quality|scale|fleet|all] [--renderer=R] [--images=DIR] [--image=a,b] [--case=…]`:
// runs the bench registry's cases headless, prints tables and writes bench/results/<bench>-<date>.json
// (and .md for quality). Engine and quality figures also go to bench/results/reference.json, which the
// page's benchmark tab shows beside its own. `all` is engine and quality; scale and fleet take longer.
import { availableParallelism, cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCase } from '../bench/registry.js';
import type { EngineRecord } from '../bench/engine-bench.js';
import { median } from '../bench/stats.js';
import { flag, writeResults } from './bench-run.js';
import { runFleetBench } from './fleet-bench.js';
import { runQualityBench, type QualityRecord } from './quality-bench.js';
import { runScaleBench } from './scale-bench.js';
import { openSession, type Session } from './session.js';
import type { RendererChoice } from './browser.js';

const BENCHES = ['engine', 'quality', 'scale', 'fleet', 'all'];

/** The brush/rect pairs whose ratio the target is about. */
const PAIRS = ['×64 @ 256²', '×450 @ 256², 4 prefixes (a refinement step)'];
/** Rounds of the interleaved ratio measurement. */
const RATIO_ROUNDS = 5;

export interface PairRatio { pair: string; rounds: number[]; median: number }

/**
 * brush / rect for each pair, measured in alternation (brush, rect, brush, rect, ...) so that the
 * machine's drift over a run (seen: the same case 30% slower a minute later) hits both alike: the
 * median of RATIO_ROUNDS rounds' ratios, each round's figures being medians of 7 steps.
 */
async function runPairRatios(session: Session, cases: EngineCase[]): Promise<PairRatio[]> {
  const out: PairRatio[] = [];
  for (const pair of PAIRS) {
    const brush = cases.find((c) => c.name === `brush ${pair}`), rect = cases.find((c) => c.name === `rect ${pair}`);
    if (!brush || !rect) continue;
    const rounds: number[] = [];
    for (let k = 0; k < RATIO_ROUNDS; k++) {
      const b = await session.call('runEngineCase', brush), r = await session.call('runEngineCase', rect);
      rounds.push(Math.round((b.totalMs / r.totalMs) * 1000) / 1000);
    }
    out.push({ pair, rounds, median: median(rounds) });
    console.log(`brush / rect ${pair}: ${median(rounds).toFixed(2)}× (median of ${RATIO_ROUNDS} alternating rounds: ${rounds.map((x) => x.toFixed(2)).join(', ')})`);
  }
  return out;
}

async function runEngineBench(session: Session, cases: EngineCase[]): Promise<EngineRecord[]> {
  const records: EngineRecord[] = [];
  console.log('engine: ms per optimization step (median of 7); software timings are CPU timings: compare ratios');
  console.log('case                                            forward    loss  backward    adam   total  trivial  total/trivial');
  for (const c of cases) {
    const r = await session.call('runEngineCase', c);
    records.push(r);
    const n = (v: number, w = 8) => v.toFixed(1).padStart(w);
    console.log(`${r.name.padEnd(46)}${n(r.forwardMs, 9)}${n(r.lossMs)}${n(r.backwardMs, 10)}${n(r.adamMs)}${n(r.totalMs, 8)}${n(r.trivialPassMs, 9)}${n(r.ratio, 15)}`);
  }
  console.log('');
  return records;
}

/** bench/results/reference.json: the figures the page's benchmark tab shows beside its own. */
function updateReference(outDir: string, renderer: string, engine?: EngineRecord[], quality?: QualityRecord[]): void {
  const file = join(outDir, 'reference.json');
  const ref = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  ref.machine = `${availableParallelism()}-core ${cpus()[0]?.model.trim() ?? 'CPU'}, ${renderer}, ${new Date().toISOString().slice(0, 10)}`;
  if (engine) ref.engine = Object.fromEntries(engine.map((r) => [r.name, r.totalMs]));
  if (quality) ref.quality = Object.fromEntries(quality.map((r) => [`${r.image} ${r.strokes}`, { psnr: r.psnr, seconds: r.seconds }]));
  ref.engine ??= {};
  ref.quality ??= {};
  writeFileSync(file, JSON.stringify(ref, null, 2) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const which = args.find((a) => !a.startsWith('-')) ?? 'all';
  if (!BENCHES.includes(which)) throw new Error(`unknown bench "${which}": use ${BENCHES.join(', ')}`);
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  let renderer = '';
  if (which === 'all' || which === 'engine') {
    const session = await openSession({ renderer: flag(args, 'renderer') as RendererChoice | undefined });
    try {
      renderer = session.renderer;
      console.log(`renderer: ${renderer}\n`);
      const only = flag(args, 'case');
      const cases = (await session.call('engineCases')).filter((c) => !only || c.name.includes(only));
      const records = await runEngineBench(session, cases);
      const ratios = await runPairRatios(session, cases);
      writeResults(outDir, 'engine', stamp, { renderer, date: new Date().toISOString(), records, ratios });
      if (!only) updateReference(outDir, renderer, records);
    } finally {
      await session.close();
    }
  }
  if (which === 'all' || which === 'quality') {
    const records = await runQualityBench(outDir, stamp, args);
    if (!flag(args, 'image') && !flag(args, 'strokes') && records[0]) updateReference(outDir, records[0].renderer, undefined, records);
  }
  if (which === 'scale') await runScaleBench(outDir, stamp, args);
  if (which === 'fleet') await runFleetBench(outDir, stamp, args);
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exit(1);
});
