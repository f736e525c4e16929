// One image painted into its own folder, which appears complete or not at all: the outputs are written
// into a temporary folder beside it and renamed into place at the end. A job that ran before and died
// (a killed worker, a Ctrl-C) leaves only temporary folders, which the next attempt removes. Shared by
// `fude batch` and the queue workers.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FudeError } from '../errors.js';
import { paintToFiles, type PaintFilesOptions, type PaintSummary } from './paint-files.js';
import type { Session } from './session.js';

/** Paint options a folder job takes (everything paintToFiles takes but where it writes). */
export type FolderJobOptions = Omit<PaintFilesOptions, 'out' | 'session' | 'signal' | 'onProgress' | 'onStrokes'>;

const TMP = '.tmp-';

/**
 * A folder name for an image: its file name without the extension, made safe. Letters and digits of
 * any script stay (写真.jpg paints into 写真, not _); anything else becomes _, and leading dots go, so
 * no name is . or .. (an image called ...png would otherwise paint into the output folder's parent).
 */
export function folderName(input: string): string {
  return basename(input, extname(input)).replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_').replace(/^\.+/, '') || 'image';
}

/** Removes temporary folders that earlier attempts at `dest` left behind. */
export function removeStaleTemps(dest: string): void {
  const dir = dirname(dest), prefix = `${basename(dest)}${TMP}`;
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (f.startsWith(prefix)) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Whether `dest` holds a finished painting (a folder appears only when complete). */
export const isComplete = (dest: string) => existsSync(join(dest, 'strokes.json')) && existsSync(join(dest, 'painting.png'));

/**
 * Paints `input` into `dest`. Throws an AbortError-coded FudeError when stopped (nothing is published),
 * or the painting's error. Paths in the summary are relative to `dest`.
 */
export async function paintIntoFolder(input: string, dest: string, options: FolderJobOptions, session: Session,
  control: { signal?: AbortSignal; onProgress?: PaintFilesOptions['onProgress'] } = {}): Promise<PaintSummary> {
  removeStaleTemps(dest);
  const tmp = `${dest}${TMP}${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const summary = await paintToFiles(input, { ...options, out: tmp, session, signal: control.signal, onProgress: control.onProgress });
    if (summary.aborted) throw new FudeError('aborted', `stopped before ${input} was finished`);
    if (existsSync(dest)) rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
    const relative = (p: string) => p.replace(`${tmp}/`, '');
    return { ...summary, files: Object.fromEntries(Object.entries(summary.files).map(([k, v]) => [k, relative(v as string)])) as PaintSummary['files'] };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
