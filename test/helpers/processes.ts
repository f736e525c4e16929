// The browser processes on this machine, to check that nothing outlives a run and to kill a run's
// page or GPU process the way a crash would.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

export interface Proc { pid: number; ppid: number; pgid: number; rss: number; args: string }

/**
 * The processes running now. Zombies are left out: a process that has exited but whose parent died
 * first waits for the machine's pid 1 to reap it, which some containers' init does late or never.
 */
export function processes(): Proc[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,rss=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line)!;
    if (m[5].startsWith('Z')) return [];
    return [{ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), rss: Number(m[4]), args: m[6] }];
  });
}

/** Chromium processes (any type) now running. */
export const chromium = () => processes().filter((p) => /chrom(e|ium)/i.test(p.args.split(' ')[0]) && !/ps -eo/.test(p.args));

/** The browser a process started (its direct Chromium child), and that browser's processes of a type. */
export function browserOf(parentPid: number): Proc | undefined {
  return chromium().find((p) => p.ppid === parentPid);
}
export function childrenOfType(browser: Proc, type: 'renderer' | 'gpu-process'): Proc[] {
  return chromium().filter((p) => p.pgid === browser.pgid && p.args.includes(`--type=${type}`));
}

/** fude's browser profile folders in the temp folder. */
export const profileDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('fude-profile-'));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` or the time is up; returns whether it held. */
export async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (ok()) return true; await sleep(100); }
  return ok();
}
