// A Node program that uses the library and is ended by Ctrl-C, SIGTERM or SIGHUP (left to their default)
// takes its browser and profile folder with it, and still ends by that signal; one that handles the
// signal itself keeps the say (the CLI writes the strokes so far, then exits); one killed outright
// still takes its browser (the DevTools pipe closes, and the browser quits, in one process or isolated).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSession } from '../src/node/index.js';
import { processes, until } from './helpers/processes.js';

const tmp = mkdtempSync(join(tmpdir(), 'fude-signals-'));
const entry = pathToFileURL(resolve('dist/node/index.js')).href;

/** Runs a script that opens a session and prints its browser's pid and profile folder, then waits. */
function script(name: string, body = '', options = '{}'): string {
  const file = join(tmp, `${name}.mjs`);
  writeFileSync(file, `import { openSession } from ${JSON.stringify(entry)};
const s = await openSession(${options});
const args = s.browser.process().spawnargs;
console.log(JSON.stringify({ pid: s.browser.process().pid, profile: args.find((a) => a.startsWith('--user-data-dir=')).slice(16) }));
${body}
setInterval(() => {}, 1000);
`);
  return file;
}

async function endWith(signal: NodeJS.Signals, file: string) {
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, sig) => r({ code, signal: sig })));
  expect(await until(() => out.includes('\n'), 60_000)).toBe(true);
  const browser = JSON.parse(out.split('\n')[0]) as { pid: number; profile: string };
  expect(processes().some((p) => p.pid === browser.pid)).toBe(true);
  child.kill(signal);
  return { ...(await ended), browser, out };
}

describe('a library user\'s program ended by a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} left to its default: the browser and its profile go, and the program ends by ${signal}`, async () => {
      const r = await endWith(signal, script(signal.toLowerCase()));
      expect(r.signal).toBe(signal);
      expect(await until(() => !processes().some((p) => p.pid === r.browser.pid), 5000)).toBe(true);
      expect(existsSync(r.browser.profile)).toBe(false);
    });
  }

  it('SIGKILL, which nothing can handle: the browser quits as its DevTools pipe closes, and the next launch removes its profile folder', async () => {
    const r = await endWith('SIGKILL', script('sigkill'));
    expect(r.signal).toBe('SIGKILL');
    expect(await until(() => !processes().some((p) => p.pid === r.browser.pid), 10_000)).toBe(true);
    // the next browser launched on the machine removes the profile folder of a process that is gone
    expect(existsSync(r.browser.profile)).toBe(true);
    const next = await openSession();
    await next.close();
    expect(existsSync(r.browser.profile)).toBe(false);
  });

  // batch and worker hosts (and a hardware GPU) run Chromium's processes apart: every one of them goes too
  it('SIGKILL of a program with an isolated browser: all its processes quit as the pipe closes', async () => {
    const r = await endWith('SIGKILL', script('sigkill-isolated', '', '{ isolate: true }'));
    expect(r.signal).toBe('SIGKILL');
    expect(await until(() => !processes().some((p) => p.pgid === r.browser.pid), 10_000)).toBe(true);
  });

  it('a program that handles SIGTERM itself decides, and its exit still takes the browser', async () => {
    const r = await endWith('SIGTERM', script('handled', `process.on('SIGTERM', () => { console.log('handled'); setTimeout(() => process.exit(7), 200); });`));
    expect(r.out).toMatch(/handled/);
    expect(r.code).toBe(7);
    expect(await until(() => !processes().some((p) => p.pid === r.browser.pid), 5000)).toBe(true);
    expect(existsSync(r.browser.profile)).toBe(false);
  });
});
