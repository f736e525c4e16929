// What must not outlive this process: browsers we launched (and their profile folders) and hooks such as
// writing the strokes painted so far or releasing an output folder's lock. On every exit path that runs
// JavaScript (a normal end, process.exit after a signal, an uncaught error) they run synchronously; so
// they do when Ctrl-C, SIGTERM or SIGHUP ends a program that leaves those signals to their default
// (a browser leads its own process group, so the terminal's Ctrl-C never reaches it).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Signals whose default action ends the process without running its 'exit' handlers. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A signal that would end the process as it stands: when another listener handles it (the CLI, an
 * application), that listener decides, and its process.exit runs the hooks. Alone, this cleans up and
 * ends the process as the default would, by the signal itself. Before, a library user's script stopped
 * with Ctrl-C or SIGTERM left its headless Chromium running, 400 MB, for good.
 */
function onEndingSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  runAll();
  for (const s of ENDING_SIGNALS) process.off(s, onEndingSignal);
  if (process.platform === 'win32') process.exit(128 + (constants.signals[signal] ?? 1));
  process.kill(process.pid, signal); // no listener now: the default action
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const s of ENDING_SIGNALS) process.on(s, onEndingSignal);
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

const PROFILE_PREFIX = 'fude-profile-';

/**
 * A new browser profile folder, named for this process. A process killed outright (SIGKILL, the
 * out-of-memory killer) cannot remove its own, 5-20 MB each (this machine had gathered 1.1 GB of them),
 * so each launch first removes those of processes that no longer exist.
 */
export function newProfileDir(): string {
  const dir = tmpdir();
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { /* a temp folder we may not list: nothing to sweep */ }
  const ownerOf = new RegExp(`^${PROFILE_PREFIX}(\\d+)-`);
  for (const name of names) {
    const owner = ownerOf.exec(name);
    if (!owner || Number(owner[1]) === process.pid || isAlive(Number(owner[1]))) continue;
    // another process may be sweeping it too, or it is another user's: it waits for a later launch
    try { rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 3 }); } catch { /* left */ }
  }
  return mkdtempSync(join(dir, `${PROFILE_PREFIX}${process.pid}-`));
}

/** Whether a process exists (one of another user's counts: EPERM). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
