// Commands for many images: `fude batch` on this machine, and `fude enqueue`, `fude worker` and
// `fude status` for a fleet of machines sharing a BullMQ queue on Redis.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { paintBatch } from './batch.js';
import { bar, duration, joinNegatives, num, onSignals, PAINT_FLAGS, paintFlags, progressLine, renderer, usage } from './cli-args.js';
import { createWorker, enqueue, queueStatus } from './queue.js';

export async function batchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: joinNegatives(args), allowPositionals: true, strict: true, options: { ...PAINT_FLAGS, out: { type: 'string' }, jobs: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length === 0) usage('batch needs images: fude batch <folder | list file | pattern>... --out DIR');
  if (!values.out) usage('batch needs --out DIR: each image gets its own folder in it');
  const controller = new AbortController();
  const signals = onSignals(() => {
    process.stderr.write('\nfude: stopping; images under way are dropped (a rerun paints them), finished ones are kept\n');
    controller.abort();
  }, 30_000);
  const line = progressLine(!values.json);
  try {
    const summary = await paintBatch(positionals, {
      ...paintFlags(values), out: values.out as string, jobs: num(values.jobs, 'jobs', true) ?? availableParallelism(), signal: controller.signal,
      onProgress: (p) => {
        const finished = p.done + p.failed + p.skipped;
        line(`[${bar(finished / p.total)}] ${finished}/${p.total} images (${p.done} painted, ${p.skipped} already done, ${p.failed} failed), ${p.running} running, ${duration(p.elapsedMs)}, ~${duration(p.etaMs)} left`, false, p.elapsedMs);
      },
    });
    line(`${summary.done} painted, ${summary.skipped} already done, ${summary.failed} failed of ${summary.total}; manifest: ${summary.manifest}`, true);
    if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    const signal = signals.signal();
    return signal ? 130 : summary.failed ? 1 : 0;
  } finally {
    signals.dispose();
  }
}

const QUEUE_FLAGS = { redis: { type: 'string' }, queue: { type: 'string' } } as const;
function address(values: Record<string, unknown>) {
  if (typeof values.redis !== 'string') usage('needs --redis redis://host:6379');
  if (typeof values.queue !== 'string') usage('needs --queue NAME');
  return { redis: values.redis as string, queue: values.queue as string };
}

export async function enqueueCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: joinNegatives(args), allowPositionals: true, strict: true, options: { ...PAINT_FLAGS, ...QUEUE_FLAGS, out: { type: 'string' }, attempts: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length === 0) usage('enqueue needs images: fude enqueue <folder | list file | pattern>... --out DIR --redis URL --queue NAME');
  if (!values.out) usage('enqueue needs --out DIR (a folder every worker reaches)');
  const r = await enqueue(positionals, { ...paintFlags(values), ...address(values), out: values.out as string, attempts: num(values.attempts, 'attempts', true) });
  if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
  else console.log(`${r.added} jobs added to ${values.queue}${r.present ? ` (${r.present} were already there)` : ''}`);
  return 0;
}

export async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { ...QUEUE_FLAGS, jobs: { type: 'string' }, renderer: { type: 'string' }, browser: { type: 'string' }, 'lock-ms': { type: 'string' } } });
  const log = (msg: string) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
  const w = await createWorker({
    ...address(values), jobs: num(values.jobs, 'jobs', true) ?? 1, lockMs: num(values['lock-ms'], 'lock-ms', true),
    renderer: renderer(values.renderer), executablePath: values.browser,
    onEvent: (e) => log(e.kind === 'done' ? `done ${e.job}: PSNR ${e.summary?.psnr.toFixed(2)} dB in ${e.summary?.seconds.toFixed(1)} s` : e.kind === 'failed' ? `failed ${e.job}: ${e.message}` : `start ${e.job}`),
  });
  log(`worker on ${values.queue}: ${values.jobs ?? 1} jobs at once; SIGTERM or Ctrl-C finishes the jobs under way, then exits`);
  // SIGTERM (or Ctrl-C) closes gracefully: BullMQ finishes the running jobs; a second signal leaves at once
  // and BullMQ's stalled-job check hands the jobs to another worker
  await new Promise<void>((resolve) => {
    const signals = onSignals(() => {
      log('closing: finishing the jobs under way');
      void w.close().then(() => { signals.dispose(); resolve(); });
    }, Infinity);
  });
  log('closed');
  return 0;
}

export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { ...QUEUE_FLAGS, json: { type: 'boolean' } } });
  const s = await queueStatus(address(values));
  if (values.json) process.stdout.write(JSON.stringify(s) + '\n');
  else console.log(`${s.queue}: ${s.waiting} waiting, ${s.active} active, ${s.completed} completed, ${s.failed} failed, ${s.delayed} delayed; ${s.lastHour} finished in the last hour (${s.perHour} images/hour recently)`);
  return 0;
}
