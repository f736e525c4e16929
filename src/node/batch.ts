// `fude batch`: every image of a folder, list file or pattern painted with the same options, several at
// once in one browser, each into its own folder, with a manifest (JSON Lines) written as results arrive.
// Running the same command again skips what is done and retries what failed.
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { FudeError, isFudeError } from '../errors.js';
import { resolveOptions } from '../paint/options.js';
import type { ProcessPoint } from '../paint/painter.js';
import { folderName, isComplete, paintIntoFolder, type FolderJobOptions } from './folder-job.js';
import { checkFileOptionNames } from './paint-files.js';
import { claimOutDir } from './out-dir.js';
import { openSession, type Session } from './session.js';
import { unreadable } from './jobs.js';

const IMAGE = /\.(png|jpe?g|webp|gif|bmp)$/i;

/** One line of the manifest. */
export interface ManifestRecord {
  input: string;
  /** The image's folder under the batch's output folder. */
  name: string;
  status: 'done' | 'failed';
  psnr?: number;
  ssim?: number;
  processPsnr?: ProcessPoint[];
  seconds?: number;
  /** Output files, relative to the image's folder. */
  outputs?: Record<string, string>;
  error?: string;
  renderer?: string;
  at: string;
}

export interface BatchProgress { total: number; done: number; failed: number; skipped: number; running: number; elapsedMs: number; etaMs: number }

export interface BatchOptions extends FolderJobOptions {
  out: string;
  /** Images painted at once (default: the machine's cores). */
  jobs?: number;
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

export interface BatchSummary { total: number; done: number; failed: number; skipped: number; stopped: boolean; manifest: string; renderer: string }

/** The images `args` name: folders (their images), list files (one path per line), patterns (* and ? in the file name) or files. */
export function expandInputs(args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (/[*?]/.test(basename(arg))) {
      const dir = dirname(arg), re = new RegExp(`^${basename(arg).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      if (!existsSync(dir)) throw new FudeError('io', `cannot read ${dir}: no such folder`);
      out.push(...readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f)));
      continue;
    }
    let st;
    try { st = statSync(arg); } catch (e) { throw unreadable(arg, e, 'no such file or folder'); }
    if (st.isDirectory()) out.push(...readdirSync(arg).filter((f) => IMAGE.test(f)).sort().map((f) => join(arg, f)));
    else if (/\.(txt|list)$/i.test(arg)) {
      out.push(...readFileSync(arg, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => resolve(dirname(arg), l)));
    } else out.push(arg);
  }
  if (out.length === 0) throw new FudeError('bad-input', `no images found in ${args.join(', ')}`);
  return out;
}

/** Folder names for the inputs: the file name, with -2, -3 ... where two share one. */
export function folderNames(inputs: string[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((input) => {
    const base = folderName(input), n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

export function readManifest(file: string): Map<string, ManifestRecord> {
  const last = new Map<string, ManifestRecord>();
  if (!existsSync(file)) return last;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try { const r = JSON.parse(line) as ManifestRecord; last.set(r.name, r); } catch { /* a line cut short by a crash: ignored */ }
  }
  return last;
}

export async function paintBatch(args: string[], options: BatchOptions): Promise<BatchSummary> {
  const { out, jobs = availableParallelism(), signal, onProgress, ...paint } = options;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new FudeError('bad-option', `jobs must be a whole number from 1 to 64, got ${jobs}`);
  checkFileOptionNames(paint);
  resolveOptions(paint);
  const inputs = expandInputs(args), names = folderNames(inputs);
  const lock = claimOutDir(out); // makes the folder too
  const manifest = join(out, 'manifest.jsonl');
  const previous = readManifest(manifest);
  const todo = inputs.map((input, k) => ({ input, name: names[k] })).filter(({ name }) => !(previous.get(name)?.status === 'done' && isComplete(join(out, name))));
  const state = { total: inputs.length, done: 0, failed: 0, skipped: inputs.length - todo.length, running: 0 };
  const t0 = Date.now();
  let finishedMs = 0, finished = 0;
  const report = () => {
    const left = todo.length - finished - state.running;
    const per = finished ? finishedMs / finished : 0;
    onProgress?.({ ...state, elapsedMs: Date.now() - t0, etaMs: per ? ((left + state.running * 0.5) * per) / jobs : NaN });
  };
  const record = (r: ManifestRecord) => appendFileSync(manifest, `${JSON.stringify(r)}\n`); // one write per line
  // one browser, a page per job slot, each in its own process: a crash takes one job, not the batch
  const probe = await openSession({ ...paint, isolate: paint.isolate ?? true });
  const browser = probe.browser;
  const sessions: Session[] = [probe];
  try {
    for (let k = 1; k < Math.min(jobs, todo.length); k++) sessions.push(await openSession({ ...paint, browser }));
    let next = 0;
    report();
    await Promise.all(sessions.map(async (session) => {
      while (next < todo.length && !signal?.aborted) {
        const { input, name } = todo[next++];
        state.running++;
        report();
        const started = Date.now();
        try {
          const s = await paintIntoFolder(input, join(out, name), paint, session, { signal });
          record({ input, name, status: 'done', psnr: s.psnr, ssim: s.ssim, processPsnr: s.processPsnr, seconds: s.seconds, outputs: s.files as unknown as Record<string, string>, renderer: s.renderer, at: new Date().toISOString() });
          state.done++;
        } catch (e) {
          if (signal?.aborted) break; // stopped: nothing published, nothing recorded; the next run paints it
          record({ input, name, status: 'failed', error: isFudeError(e) ? e.message : `internal error: ${(e as Error).message}`, at: new Date().toISOString() });
          state.failed++;
        } finally {
          state.running--;
          finished++;
          finishedMs += Date.now() - started;
          report();
        }
      }
    }));
    return { total: state.total, done: state.done, failed: state.failed, skipped: state.skipped, stopped: !!signal?.aborted, manifest, renderer: probe.renderer };
  } finally {
    for (const s of sessions.slice(1)) await s.close();
    await probe.close();
    lock.release();
  }
}
