// `npm run bench fleet`: images per hour at 256 px / 500 strokes, the way a dataset is made: `fude batch`
// with 1, 2 and 3 jobs at once in one browser, and a BullMQ queue on a real redis-server (started on a
// free loopback port, stopped after) with 1 and 2 `fude worker` processes. Wall time from the command's
// start (browser start included) to the last image.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fleetCases, QUALITY_IMAGES, type FleetCase } from '../bench/registry.js';
import { CLI, flag, imagesDir, listFlag, pad, rendererArgs, round, run, writeResults } from './bench-run.js';
import { startRedis } from './redis-server.js';
import { queueStatus } from './queue.js';

export interface FleetRecord {
  name: string;
  mode: 'batch' | 'queue';
  parallel: number;
  images: number;
  failed: number;
  wallSeconds: number;
  imagesPerHour: number;
  meanPsnr: number;
  renderer: string;
}

export async function runFleetBench(outDir: string, stamp: string, args: string[]): Promise<FleetRecord[]> {
  const dir = imagesDir(args, QUALITY_IMAGES);
  const count = Number(flag(args, 'count') ?? 12);
  const only = listFlag(args, 'case');
  const work = mkdtempSync(join(tmpdir(), 'fude-fleet-'));
  try {
    // `count` inputs from the benchmark images, in turn, each under its own name
    const inputs = join(work, 'inputs');
    mkdirSync(inputs);
    const sources = QUALITY_IMAGES.filter((f) => existsSync(join(dir, f)));
    for (let k = 0; k < count; k++) {
      const src = sources[k % sources.length];
      copyFileSync(join(dir, src), join(inputs, `img${String(k).padStart(3, '0')}${extname(src)}`));
    }
    const records: FleetRecord[] = [];
    console.log(`fleet: ${count} images at 256 px, 500 strokes, default settings`);
    console.log('case          images  failed  wall s  images/hour  mean PSNR');
    for (const c of fleetCases(count).filter((c) => !only || only.some((o) => c.name.includes(o)))) {
      const out = join(work, c.name.replace(/\W+/g, '-'));
      const r = c.mode === 'batch' ? await batch(c, inputs, out, args) : await queue(c, inputs, out, args);
      records.push(r);
      console.log(`${c.name.padEnd(12)}${pad(r.images, 8)}${pad(r.failed, 8)}${pad(r.wallSeconds.toFixed(1), 8)}${pad(r.imagesPerHour.toFixed(0), 13)}${pad(r.meanPsnr.toFixed(2), 11)}`);
    }
    writeResults(outDir, 'fleet', stamp, { renderer: records[0]?.renderer ?? 'none', date: new Date().toISOString(), records });
    return records;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const paintArgs = (c: FleetCase, args: string[]) => ['--strokes', String(c.strokes), '--size', String(c.size), ...rendererArgs(args)];

interface ManifestRecord { status: string; psnr?: number; renderer?: string }
function manifest(out: string): ManifestRecord[] {
  const file = join(out, 'manifest.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ManifestRecord) : [];
}

function record(c: FleetCase, wallSeconds: number, done: { psnr?: number; renderer?: string }[], failed: number): FleetRecord {
  const psnrs = done.map((d) => d.psnr ?? NaN).filter(Number.isFinite);
  return {
    name: c.name, mode: c.mode, parallel: c.parallel, images: done.length, failed, wallSeconds: round(wallSeconds, 1),
    imagesPerHour: round((done.length / wallSeconds) * 3600, 0), meanPsnr: round(psnrs.reduce((a, b) => a + b, 0) / Math.max(1, psnrs.length), 2),
    renderer: done.find((d) => d.renderer)?.renderer ?? 'unknown',
  };
}

async function batch(c: FleetCase, inputs: string, out: string, args: string[]): Promise<FleetRecord> {
  const t0 = performance.now();
  const r = await run(process.execPath, [CLI, 'batch', inputs, '--out', out, '--jobs', String(c.parallel), ...paintArgs(c, args)]);
  const wall = (performance.now() - t0) / 1000;
  if (r.code !== 0 && r.code !== 1) throw new Error(`fude batch failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const m = manifest(out);
  return record(c, wall, m.filter((x) => x.status === 'done'), m.filter((x) => x.status === 'failed').length);
}

async function queue(c: FleetCase, inputs: string, out: string, args: string[]): Promise<FleetRecord> {
  const redis = await startRedis();
  const workers: ChildProcess[] = [];
  try {
    const name = `bench-${c.parallel}`;
    const address = ['--redis', redis.url, '--queue', name];
    const added = await run(process.execPath, [CLI, 'enqueue', inputs, '--out', out, ...address, ...paintArgs(c, args), '--json']);
    if (added.code !== 0) throw new Error(`fude enqueue failed: ${added.stderr.trim()}`);
    const t0 = performance.now();
    for (let k = 0; k < c.parallel; k++) {
      workers.push(spawn(process.execPath, [CLI, 'worker', ...address, '--jobs', '1', ...rendererArgs(args)], { stdio: 'ignore' }));
    }
    // counts asked in this process: a `fude status` process every half second took most of a core
    let counts = { completed: 0, failed: 0 };
    while (counts.completed + counts.failed < c.images) {
      await new Promise((r) => setTimeout(r, 500));
      counts = await queueStatus({ redis: redis.url, queue: name });
      if (performance.now() - t0 > 3_600_000) throw new Error('the queue did not finish within an hour');
    }
    const wall = (performance.now() - t0) / 1000;
    const done = Array.from({ length: c.images }, (_, k) => join(out, `img${String(k).padStart(3, '0')}`, 'strokes.json'))
      .filter(existsSync).map((f) => { const meta = JSON.parse(readFileSync(f, 'utf8')).meta ?? {}; return { psnr: meta.psnr, renderer: meta.renderer }; });
    return record(c, wall, done, counts.failed);
  } finally {
    await Promise.all(workers.map((w) => new Promise<void>((r) => { if (w.exitCode !== null) r(); else { w.once('exit', () => r()); w.kill('SIGTERM'); } })));
    await redis.stop();
  }
}
