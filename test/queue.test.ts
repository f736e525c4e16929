// Painting across machines with a real redis-server: two worker processes share twelve jobs, one is
// killed with SIGKILL in the middle of a job, and every job still ends done exactly once with complete
// outputs; a bad image fails alone; SIGTERM lets a worker finish its job and leave.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrokesFile } from '../src/strokes/file.js';
import { runCli } from './helpers/cli.js';
import { picture } from './helpers/images.js';
import { chromium, until } from './helpers/processes.js';
import { startRedis } from './helpers/redis.js';

let redis: { url: string; stop(): Promise<void> };
const chromiumBefore = new Set<number>();
beforeAll(async () => { redis = await startRedis(); for (const p of chromium()) chromiumBefore.add(p.pid); });
afterAll(async () => {
  await redis?.stop();
  // a worker killed with SIGKILL cannot take its browser down: that is the machine's business, so here the test's
  for (const p of chromium()) if (!chromiumBefore.has(p.pid)) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
});

const tmp = mkdtempSync(join(tmpdir(), 'fude-queue-'));
const quick = ['--strokes', '24', '--size', '48', '--stages', '3', '--steps', '30', '--refine-steps', '30'];

function startWorker(queue: string, log: string[]): ChildProcess {
  const child = spawn(process.execPath, ['bin/fude.js', 'worker', '--redis', redis.url, '--queue', queue, '--jobs', '1', '--lock-ms', '3000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d) => log.push(...String(d).split('\n').filter(Boolean)));
  return child;
}
const exited = (c: ChildProcess) => new Promise<number | null>((r) => { if (c.exitCode !== null) r(c.exitCode); else c.once('exit', (code) => r(code)); });

async function counts(name: string) {
  const r = await runCli(['status', '--redis', redis.url, '--queue', name, '--json']);
  return JSON.parse(r.stdout) as { waiting: number; active: number; completed: number; failed: number; perHour: number };
}

describe('a queue on Redis', () => {
  it('12 jobs over 2 workers, one killed mid-job: each job done exactly once, outputs complete, nothing half-written left', async () => {
    const images = join(tmp, 'twelve');
    const out = join(tmp, 'twelve-out');
    mkdirSync(images, { recursive: true });
    for (let k = 0; k < 12; k++) writeFileSync(join(images, `img${String(k).padStart(2, '0')}.png`), picture(40 + 2 * k, 36));
    const added = await runCli(['enqueue', images, '--out', out, '--redis', redis.url, '--queue', 'twelve', ...quick, '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).added).toBe(12);
    // the same command again adds nothing
    expect(JSON.parse((await runCli(['enqueue', images, '--out', out, '--redis', redis.url, '--queue', 'twelve', ...quick, '--json'])).stdout).added).toBe(0);

    const logA: string[] = [], logB: string[] = [];
    const a = startWorker('twelve', logA), b = startWorker('twelve', logB);
    // kill A in the middle of its second job
    expect(await until(() => logA.filter((l) => / start /.test(l)).length >= 2, 120_000)).toBe(true);
    a.kill('SIGKILL');
    const done = await waitFor(async () => (await counts('twelve')).completed === 12, 240_000);
    expect(done).toBe(true);
    const c = await counts('twelve');
    expect(c).toMatchObject({ completed: 12, failed: 0, active: 0, waiting: 0 });
    b.kill('SIGTERM');
    expect(await exited(b)).toBe(0);
    // every folder complete, each image painted into its own, no temporary folder left
    const folders = readdirSync(out).sort();
    expect(folders).toEqual(Array.from({ length: 12 }, (_, k) => `img${String(k).padStart(2, '0')}`));
    for (const f of folders) expect(parseStrokesFile(readFileSync(join(out, f, 'strokes.json'), 'utf8')).strokes).toHaveLength(24);
    // and each job completed once: BullMQ's own record
    const queue = new Queue('twelve', { connection: { url: redis.url } });
    const jobs = await queue.getCompleted(0, 20);
    await queue.close();
    expect(jobs).toHaveLength(12);
    expect(new Set(jobs.map((j) => j.data.dest)).size).toBe(12);
    const retried = jobs.filter((j) => j.attemptsMade > 1 || (j.stalledCounter ?? 0) > 0);
    console.log(`worker A took ${logA.filter((l) => / start /.test(l)).length} jobs before SIGKILL; ${retried.length} job(s) ran again after it`);
    expect(retried.length).toBeGreaterThanOrEqual(1);
  });

  it('a bad image fails alone with its error; the rest are painted', async () => {
    const images = join(tmp, 'bad');
    mkdirSync(images, { recursive: true });
    writeFileSync(join(images, 'good1.png'), picture(40, 30));
    writeFileSync(join(images, 'broken.png'), 'not an image');
    writeFileSync(join(images, 'good2.png'), picture(30, 40));
    const out = join(tmp, 'bad-out');
    expect((await runCli(['enqueue', images, '--out', out, '--redis', redis.url, '--queue', 'bad', ...quick])).code).toBe(0);
    const log: string[] = [];
    const w = startWorker('bad', log);
    expect(await waitFor(async () => { const c = await counts('bad'); return c.completed + c.failed === 3; }, 120_000)).toBe(true);
    w.kill('SIGTERM');
    await exited(w);
    expect(await counts('bad')).toMatchObject({ completed: 2, failed: 1 });
    expect(log.some((l) => /failed broken-[0-9a-f]+: .*broken\.png is not an image fude can read/.test(l))).toBe(true);
    expect(existsSync(join(out, 'good1', 'painting.png')) && existsSync(join(out, 'good2', 'painting.png'))).toBe(true);
    expect(existsSync(join(out, 'broken'))).toBe(false);
  });

  it('SIGTERM lets a worker finish the job under way, then it exits', async () => {
    const images = join(tmp, 'term');
    mkdirSync(images, { recursive: true });
    writeFileSync(join(images, 'slow.png'), picture(60, 40));
    const out = join(tmp, 'term-out');
    expect((await runCli(['enqueue', images, '--out', out, '--redis', redis.url, '--queue', 'term', '--strokes', '60', '--size', '64', '--steps', '150', '--refine-steps', '150'])).code).toBe(0);
    const log: string[] = [];
    const w = startWorker('term', log);
    expect(await until(() => log.some((l) => / start /.test(l)), 60_000)).toBe(true);
    w.kill('SIGTERM');
    expect(await exited(w)).toBe(0);
    expect(log.some((l) => / done slow-/.test(l))).toBe(true);
    expect(await counts('term')).toMatchObject({ completed: 1, active: 0 });
    expect(existsSync(join(out, 'slow', 'strokes.json'))).toBe(true);
  });
});

describe('a Redis it cannot use: one line at once, never a silent wait', () => {
  let locked: { url: string; stop(): Promise<void> };
  beforeAll(async () => { locked = await startRedis(['--requirepass', 'sekrit']); });
  afterAll(async () => { await locked?.stop(); });
  const withPassword = (url: string, password: string) => url.replace('redis://', `redis://:${password}@`);
  it('nothing listening, no password, a wrong one: status, enqueue and worker say which and exit 1, the password never printed', async () => {
    const image = join(tmp, 'one.png');
    writeFileSync(image, picture(20, 16));
    const closed = 'redis://127.0.0.1:1';
    const cases: [string[], RegExp][] = [
      [['status', '--redis', closed, '--queue', 'q'], /^fude: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): start redis-server there/],
      [['enqueue', image, '--out', join(tmp, 'nowhere'), '--redis', closed, '--queue', 'q'], /^fude: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/],
      [['worker', '--redis', closed, '--queue', 'q'], /^fude: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/],
      [['status', '--redis', locked.url, '--queue', 'q'], /^fude: Redis at redis:\/\/127\.0\.0\.1:\d+ refused the password \(NOAUTH\): give it in the URL/],
      [['worker', '--redis', withPassword(locked.url, 'wrong'), '--queue', 'q'], /^fude: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ refused the password \(WRONGPASS\)/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { killAfterMs: 30_000 });
      expect(r.signal, args.join(' ')).toBeNull();
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/wrong/);
    }
    // the right password works
    const ok = await runCli(['status', '--redis', withPassword(locked.url, 'sekrit'), '--queue', 'q', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ queue: 'q', waiting: 0 });
  });
});

async function waitFor(ok: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await ok()) return true; await new Promise((r) => setTimeout(r, 500)); }
  return ok();
}
