// What must not outlive this process: browsers we launched (and their profile folders) and hooks such as
// writing the strokes painted so far or releasing an output folder's lock. On every exit path that runs
// JavaScript (a normal end, process.exit after a signal, an uncaught error) they run synchronously.
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

interface Tracked { dir: string; pid?: number }
const browsers = new Set<Tracked>();
const hooks = new Set<() => void>();
let installed = false;

/** The browser leads its own process group (spawned detached): a kill takes every child with it. */
export function killGroup(pid: number | undefined): void {
  if (pid) { try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ } }
}

function runAll(): void {
  for (const hook of [...hooks]) {
    try { hook(); } catch { /* the next one still runs */ }
  }
  hooks.clear();
  for (const t of browsers) {
    killGroup(t.pid);
    rmSync(t.dir, { recursive: true, force: true, maxRetries: 3 });
  }
  browsers.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
}

/** Registers a browser's profile folder now, its process once spawned; both go when it exits or we do. */
export function trackBrowser(dir: string): { attach(proc: ChildProcess): void; kill(): void } {
  install();
  const t: Tracked = { dir };
  browsers.add(t);
  const release = () => {
    browsers.delete(t);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  return {
    attach(proc) {
      t.pid = proc.pid;
      if (proc.exitCode !== null || proc.signalCode !== null) release();
      else proc.once('exit', release);
    },
    /** A launch that failed half way: its process (if any) and profile go now. */
    kill() {
      killGroup(t.pid);
      release();
    },
  };
}

/** Runs `hook` once when the process exits (unless removed first); returns the remover. */
export function onExit(hook: () => void): () => void {
  install();
  hooks.add(hook);
  return () => { hooks.delete(hook); };
}

/** Process ids of the browsers still tracked (for tests). */
export function trackedBrowserPids(): number[] {
  return [...browsers].map((t) => t.pid).filter((p): p is number => p !== undefined);
}
