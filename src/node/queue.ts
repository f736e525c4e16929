// Painting across machines: one BullMQ job per image on a Redis server that every machine reaches, and
// workers that paint them. BullMQ does the queue's work — stalled-job detection (a worker that dies
// loses its lock and its job goes back to the queue), retries with backoff, concurrency, graceful close —
// and fude adds only the painting: each job paints its image into its folder on storage all workers
// share, through a temporary folder renamed into place, so a job that runs twice leaves one result.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Job, Worker } from 'bullmq';
import { FudeError, isFudeError } from '../errors.js';
import { resolveOptions } from '../paint/options.js';
import { expandInputs, folderNames } from './batch.js';
import { paintIntoFolder, type FolderJobOptions } from './folder-job.js';
import { closeBrowser } from './browser.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { checkFileOptionNames, type PaintSummary } from './paint-files.js';

export interface QueueAddress {
  /** redis://host:port (or rediss://, with user and password when needed). */
  redis: string;
  /** The queue's name: enqueue and its workers must agree on it. */
  queue: string;
}

/** What a job carries: paths every worker can reach, and the paint options. */
export interface PaintJobData { input: string; dest: string; options: FolderJobOptions }

/** BullMQ (and ioredis) load on first use: importing them cost `fude paint` 0.16 s it never needed. */
const bullmq = () => import('bullmq');

function connection(redis: string) {
  if (!/^rediss?:\/\//.test(redis)) throw new FudeError('bad-option', `--redis must be a URL like redis://host:6379, got "${redis}"`);
  // workers need requests that wait for a reconnect rather than fail (BullMQ's advice for ioredis)
  return { url: redis, maxRetriesPerRequest: null };
}

/** How long the first connection to Redis may take before the command says it cannot reach it. */
const REACH_MS = 10_000;

/**
 * Connects once to the queue's Redis and fails at once, saying what to do, where it cannot: ioredis
 * would otherwise retry for ever, and a command that cannot reach Redis waited without a word (or
 * printed a stack for every retry). A worker that has started rides out Redis going away: BullMQ
 * reconnects it.
 */
async function reachRedis({ redis, queue: name }: QueueAddress): Promise<void> {
  const { Queue } = await bullmq();
  const probe = new Queue(name, { connection: { ...connection(redis), retryStrategy: () => null, connectTimeout: REACH_MS } });
  probe.on('error', () => { /* the rejection below says it */ });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.waitUntilReady(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${REACH_MS / 1000} s`)), REACH_MS); }),
    ]);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    const auth = /^(NOAUTH|WRONGPASS)\b/.exec(why)?.[1];
    const shown = redis.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'); // never print a password
    throw new FudeError('no-redis', auth
      ? `Redis at ${shown} refused the password (${auth}): give it in the URL, redis://:password@host:port`
      : `cannot reach Redis at ${shown} (${why}): start redis-server there, or give --redis the URL of one that runs`);
  } finally {
    clearTimeout(timer);
    await probe.close().catch(() => {});
  }
}

export interface EnqueueOptions extends FolderJobOptions, QueueAddress {
  /** The folder the images' folders go in (a path every worker reaches). */
  out: string;
  /** Attempts per job before it counts as failed (default 3, backing off exponentially from 5 s). */
  attempts?: number;
}

/**
 * Adds one job per image. A job's id follows its input, folder and options, so enqueueing the same
 * images again adds nothing that is waiting, running or done.
 */
export async function enqueue(args: string[], options: EnqueueOptions): Promise<{ added: number; present: number; ids: string[] }> {
  const { redis, queue: name, out, attempts = 3, ...paint } = options;
  checkFileOptionNames(paint);
  resolveOptions(paint);
  const inputs = expandInputs(args).map((p) => resolve(p)), names = folderNames(inputs);
  await reachRedis(options);
  const { Queue } = await bullmq();
  const queue = new Queue<PaintJobData>(name, { connection: connection(redis) });
  try {
    const jobs = inputs.map((input, k) => {
      const data: PaintJobData = { input, dest: resolve(out, names[k]), options: paint };
      const id = `${names[k]}-${createHash('sha1').update(JSON.stringify(data)).digest('hex').slice(0, 12)}`;
      return { name: 'paint', data, opts: { jobId: id, attempts, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: false, removeOnFail: false } };
    });
    const before = new Set((await Promise.all(jobs.map((j) => queue.getJob(j.opts.jobId)))).filter(Boolean).map((j) => j!.id));
    await queue.addBulk(jobs);
    return { added: jobs.length - before.size, present: before.size, ids: jobs.map((j) => j.opts.jobId) };
  } finally {
    await queue.close();
  }
}

export interface WorkerOptions extends QueueAddress, SessionOptions {
  /** Jobs at once on this machine (pages in one browser; default 1). */
  jobs?: number;
  /** How long a job's lock lasts without renewal: a worker that dies gives its job up after this (default 30 s). */
  lockMs?: number;
  /** How often this worker looks for jobs whose worker died (default: half the lock). */
  stalledCheckMs?: number;
  onEvent?: (e: { kind: 'start' | 'done' | 'failed'; job: string; message?: string; summary?: PaintSummary }) => void;
}

export interface FudeWorker {
  readonly worker: Worker<PaintJobData, PaintSummary>;
  /** Stops taking jobs, lets the running ones finish, closes the browser. */
  close(): Promise<void>;
}

/** A worker on this machine: paints jobs of the queue until closed. */
export async function createWorker(options: WorkerOptions): Promise<FudeWorker> {
  const { redis, queue: name, jobs = 1, lockMs = 30_000, stalledCheckMs, onEvent, ...given } = options;
  // a pool of pages on one browser, each in its own process (and so the browser that replaces a dead one)
  const sessionOptions = { ...given, isolate: given.isolate ?? true };
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new FudeError('bad-option', `jobs must be a whole number from 1 to 64, got ${jobs}`);
  await reachRedis(options); // before the browser starts
  const { Worker, UnrecoverableError } = await bullmq();
  // a page that died is replaced before the next job
  const first = await openSession(sessionOptions);
  const free: Session[] = [first];
  for (let k = 1; k < jobs; k++) free.push(await openSession({ ...sessionOptions, browser: first.browser }));
  const all = new Set(free);
  const take = async (): Promise<Session> => free.pop() ?? openSession({ ...sessionOptions, browser: first.browser });
  const worker = new Worker<PaintJobData, PaintSummary>(name, async (job: Job<PaintJobData, PaintSummary>) => {
    onEvent?.({ kind: 'start', job: job.id ?? '' });
    let session = await take();
    try {
      return await paintIntoFolder(job.data.input, job.data.dest, job.data.options, session);
    } catch (e) {
      if (isFudeError(e) && e.code === 'browser-crashed') {
        all.delete(session);
        await session.close();
        session = await openSession({ ...sessionOptions, browser: first.browser.connected ? first.browser : undefined });
        all.add(session);
      }
      // a bad image or bad options fail at once: retrying them cannot help
      if (isFudeError(e) && ['bad-input', 'bad-option', 'io'].includes(e.code)) throw new UnrecoverableError(e.message);
      throw e;
    } finally {
      free.push(session);
    }
  }, { connection: connection(redis), concurrency: jobs, lockDuration: lockMs, stalledInterval: stalledCheckMs ?? Math.max(1000, lockMs / 2), maxStalledCount: 2 });
  worker.on('completed', (job, summary) => onEvent?.({ kind: 'done', job: job.id ?? '', summary }));
  worker.on('failed', (job, err) => onEvent?.({ kind: 'failed', job: job?.id ?? '', message: err.message }));
  worker.on('error', () => { /* connection trouble: BullMQ reconnects */ });
  return {
    worker,
    async close() {
      await worker.close();
      for (const s of all) await s.close();
      await closeBrowser(first.browser);
    },
  };
}

export interface QueueStatus {
  queue: string;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  /** Images finished in the last hour, and the rate over the last (up to 200) finished images. */
  lastHour: number;
  perHour: number;
}

export async function queueStatus(address: QueueAddress): Promise<QueueStatus> {
  await reachRedis(address);
  const { Queue } = await bullmq();
  const queue = new Queue(address.queue, { connection: connection(address.redis) });
  try {
    const c = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children');
    const done = (await queue.getCompleted(0, 199)).map((j) => j.finishedOn ?? 0).filter(Boolean).sort((a, b) => a - b);
    const now = Date.now();
    const span = done.length > 1 ? (done[done.length - 1] - done[0]) / 3.6e6 : 0;
    return {
      queue: address.queue, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0), active: c.active ?? 0,
      completed: c.completed ?? 0, failed: c.failed ?? 0, delayed: c.delayed ?? 0,
      lastHour: done.filter((t) => now - t < 3.6e6).length,
      perHour: span > 0 ? Math.round((done.length - 1) / span) : 0,
    };
  } finally {
    await queue.close();
  }
}
