// An output folder as one run owns it: a lock file says who writes there (a second run fails clearly
// instead of interleaving), and every file is written under a temporary name and renamed into place,
// so a reader sees a file whole or not at all.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FudeError } from '../errors.js';
import { onExit } from './cleanup.js';

const LOCK = '.fude.lock';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

const ioError = (what: string, e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' ? 'a part of the path is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' ? 'the file system is read-only' : code ?? (e as Error).message;
  return new FudeError('io', `cannot write ${what}: ${why}`);
};

/**
 * mkdir -p, one folder at a time. Node's own (`mkdirSync(dir, { recursive: true })`, Node 20) loops
 * for ever, at full CPU and deaf to signals, where mkdir keeps failing with ENOENT under a parent that
 * exists, as it does anywhere under /proc on Linux; here that is an error.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); !existsSync(p) && dirname(p) !== p; p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      // made meanwhile by another run: fine if it is a folder
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(p).isDirectory()) throw e;
    }
  }
}

/** Makes `dir` (checked writable before any long work) and locks it for this process; released at exit. */
export function claimOutDir(dir: string): { release(): void } {
  try {
    makeDirs(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    throw new FudeError('io', `cannot write to the output directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lock = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = onExit(() => rmSync(lock, { force: true }));
      return { release() { release(); rmSync(lock, { force: true }); } };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new FudeError('io', `cannot write to the output directory ${dir}: ${code ?? (e as Error).message}`);
      const owner = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new FudeError('io', `another fude run (process ${owner}) is writing to ${dir}: wait for it or choose another --out`);
      }
      rmSync(lock, { force: true }); // left by a run that died: take it over
    }
  }
  throw new FudeError('io', `cannot lock the output directory ${dir}`);
}

/** Writes a file under a temporary name in the same folder, then renames it into place. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw ioError(path, e);
  }
}
