// Every way a CLI run can end early: Ctrl-C while the browser starts, SIGINT, SIGTERM and SIGHUP while
// it paints, its browser killed (page and GPU in its one process), or its page or GPU process killed in
// an isolated browser, a write error, a second run into the same folder. Each
// ends within seconds with the strokes painted so far in strokes.json, the signal's exit code, and no
// browser process or profile folder left behind.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrokesFile } from '../src/strokes/file.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { browserOf, childrenOfType, chromium, profileDirs, sleep, until } from './helpers/processes.js';
import { picture } from './helpers/images.js';

const tmp = mkdtempSync(join(tmpdir(), 'fude-exits-'));
const image = join(tmp, 'picture.png');
writeFileSync(image, picture(80, 60));
// a painting that takes far longer than any test waits: every stage is long (6 stages of 400 steps took
// 6.2 s on llvmpipe here, and a CI run that signalled 2.5 s after the first progress line found the
// last stage begun: 200 strokes of 200, as if it had not been interrupted)
const slow = ['--strokes', '200', '--size', '64', '--stages', '6', '--steps', '1200', '--refine-steps', '400'];

interface Ended extends CliResult { out: string; afterSignalMs: number; leftover: number[]; profiles: string[] }

/**
 * Runs a slow painting, does `act` once it is painting (after `waitMs` more) or at `atMs` after the
 * start, and reports how it ended and what it left.
 */
async function endEarly(name: string, act: (pid: number) => void, when: { atMs?: number; waitMs?: number }, env?: Record<string, string>): Promise<Ended> {
  const out = join(tmp, name);
  const before = new Set(chromium().map((p) => p.pid));
  const profilesBefore = new Set(profileDirs());
  let actedAt = 0;
  const run = await runCli(['paint', image, ...slow, '--out', out], {
    env,
    onStart: (child) => {
      if (when.atMs !== undefined) setTimeout(() => { actedAt = Date.now(); act(child.pid!); }, when.atMs);
    },
    onStderr: (chunk, child) => {
      if (when.waitMs !== undefined && !actedAt && /stage/.test(chunk)) {
        actedAt = -1;
        setTimeout(() => { actedAt = Date.now(); act(child.pid!); }, when.waitMs);
      }
    },
  });
  const endedAt = Date.now();
  // the browser's processes may take a moment to go after their leader is killed
  await until(() => chromium().every((p) => before.has(p.pid)), 3000);
  return {
    ...run, out, afterSignalMs: endedAt - actedAt,
    leftover: chromium().filter((p) => !before.has(p.pid)).map((p) => p.pid),
    profiles: profileDirs().filter((d) => !profilesBefore.has(d)),
  };
}

function expectClean(r: Ended) {
  expect(r.leftover).toEqual([]);
  expect(r.profiles).toEqual([]);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack dump
}
function expectStrokesSoFar(r: Ended) {
  const doc = parseStrokesFile(readFileSync(join(r.out, 'strokes.json'), 'utf8'));
  expect(doc.strokes.length).toBeGreaterThan(0);
  expect(doc.strokes.length).toBeLessThan(200);
  return doc;
}

describe('a CLI run that ends early', () => {
  it('Ctrl-C at 0.5 s, while the browser starts: exits 130 at once, nothing painted, nothing left', async () => {
    const r = await endEarly('sigint-start', (pid) => process.kill(pid, 'SIGINT'), { atMs: 500 });
    expect(r.code).toBe(130);
    expect(r.afterSignalMs).toBeLessThan(10_000);
    expectClean(r);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} while painting: writes the strokes so far and painting.png, exits ${code}`, async () => {
      const r = await endEarly(signal.toLowerCase(), (pid) => process.kill(pid, signal), { waitMs: 2500 });
      expect(r.code).toBe(code);
      expect(r.afterSignalMs).toBeLessThan(10_000);
      const doc = expectStrokesSoFar(r);
      expect(doc.meta?.aborted).toBe(true);
      expect(existsSync(join(r.out, 'painting.png'))).toBe(true);
      expectClean(r);
    });
  }

  it('a second Ctrl-C quits at once and still writes strokes.json', async () => {
    const r = await endEarly('sigint-twice', (pid) => { process.kill(pid, 'SIGINT'); setTimeout(() => process.kill(pid, 'SIGINT'), 50); }, { waitMs: 2500 });
    expect(r.code).toBe(130);
    expectStrokesSoFar(r);
    expectClean(r);
  });

  function expectKeptAfterCrash(r: Ended, what: string) {
    console.log(`${what} killed: exit ${r.code} after ${r.afterSignalMs} ms: ${r.stderr.trim().split('\n').pop()}`);
    expect(r.code).toBe(1);
    expect(r.afterSignalMs).toBeLessThan(15_000);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/(crashed|exited|context was lost|stopped answering).* strokes painted so far are in .*strokes\.json, their picture in .*painting\.png/);
    expectStrokesSoFar(r);
    expect(existsSync(join(r.out, 'painting.png'))).toBe(true);
    expectClean(r);
  }

  it('its browser killed, page and GPU running in its one process: a clear error within seconds, the strokes so far kept', async () => {
    let processes = -1;
    const r = await endEarly('kill-browser', (pid) => {
      const browser = browserOf(pid);
      processes = browser ? childrenOfType(browser, 'renderer').length + childrenOfType(browser, 'gpu-process').length : -1;
      if (browser) process.kill(browser.pid, 'SIGKILL');
    }, { waitMs: 2500 });
    expect(processes).toBe(0); // one process: no page or GPU process of its own
    expectKeptAfterCrash(r, 'browser');
  });

  // batch and worker isolate them (and FUDE_ISOLATE=1 any command): a crash of one is met the same way
  for (const type of ['renderer', 'gpu-process'] as const) {
    it(`isolated, its ${type === 'renderer' ? 'page' : 'GPU'} process killed: a clear error within seconds, the strokes so far kept`, async () => {
      let victims = 0;
      const r = await endEarly(`kill-${type}`, (pid) => {
        const browser = browserOf(pid);
        // every renderer of the browser (the page's, and the first blank tab's): the page's is one of them
        for (const victim of browser ? childrenOfType(browser, type) : []) { process.kill(victim.pid, 'SIGKILL'); victims++; }
      }, { waitMs: 2500 }, { FUDE_ISOLATE: '1' });
      expect(victims).toBeGreaterThan(0);
      expectKeptAfterCrash(r, type);
    });
  }
});

describe('output folders', () => {
  it('a write error after painting keeps strokes.json and names the file', async () => {
    const out = join(tmp, 'write-error');
    mkdirSync(join(out, 'painting.png'), { recursive: true }); // a folder where the PNG goes
    const r = await runCli(['paint', image, '--strokes', '20', '--size', '48', '--stages', '2', '--steps', '5', '--refine-steps', '5', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*painting\.png: it is a folder/);
    expect(parseStrokesFile(readFileSync(join(out, 'strokes.json'), 'utf8')).strokes).toHaveLength(20);
  });

  it('a second run into a folder in use fails clearly; the first finishes untouched', async () => {
    const out = join(tmp, 'shared');
    const first = runCli(['paint', image, '--strokes', '30', '--size', '48', '--stages', '3', '--steps', '60', '--refine-steps', '30', '--seed', '3', '--out', out, '--json']);
    expect(await until(() => existsSync(join(out, '.fude.lock')), 30_000)).toBe(true);
    const b = await runCli(['paint', image, '--strokes', '10', '--size', '48', '--out', out]);
    const a = await first;
    expect(a.code).toBe(0);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/another fude run \(process \d+\) is writing to/);
    expect(parseStrokesFile(readFileSync(join(out, 'strokes.json'), 'utf8')).strokes).toHaveLength(30);
    expect(existsSync(join(out, '.fude.lock'))).toBe(false);
  });

  it('a lock left by a run that died is taken over', async () => {
    const out = join(tmp, 'stale');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '.fude.lock'), '999999'); // no such process
    const r = await runCli(['paint', image, '--strokes', '4', '--size', '32', '--stages', '1', '--steps', '2', '--refine-steps', '0', '--out', out]);
    expect(r.code).toBe(0);
    await sleep(10);
  });
});
