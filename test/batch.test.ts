// `fude batch`: a folder with one corrupt image, the manifest's records, and a run stopped with Ctrl-C
// and run again: nothing complete painted twice, nothing half-written kept.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderNames, readManifest } from '../src/node/batch.js';
import { parseStrokesFile } from '../src/strokes/file.js';
import { PAINT_OPTION_NAMES } from '../src/paint/options.js';
import { runCli } from './helpers/cli.js';
import { browserOf, childrenOfType } from './helpers/processes.js';
import { picture } from './helpers/images.js';

const tmp = mkdtempSync(join(tmpdir(), 'fude-batch-'));
const quick = ['--strokes', '20', '--size', '48', '--stages', '3', '--steps', '20', '--refine-steps', '20'];

function folder(name: string, n: number, broken = false): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < n; k++) writeFileSync(join(dir, `p${k}.png`), picture(40 + 3 * k, 30));
  if (broken) writeFileSync(join(dir, 'broken.png'), 'not an image');
  writeFileSync(join(dir, 'notes.txt'), 'not an image either, and not one by its name');
  return dir;
}

describe('fude batch', () => {
  it('names each image\'s folder after it: letters of any script kept, never . or .., the same name twice numbered', () => {
    expect(folderNames(['/a/写真 1.jpg', '/b/Ünïcode.png', '/c/a b&c.png', '/d/...png', '/e/..png', '/f/.hidden.png', '/g/写真 1.png', '/h/-.png']))
      .toEqual(['写真_1', 'Ünïcode', 'a_b_c', 'image', 'image-2', 'hidden', '写真_1-2', '-']);
  });

  it('paints a folder two at a time; a corrupt image fails alone, in the manifest with its error', async () => {
    const images = folder('five', 5, true), out = join(tmp, 'five-out');
    const r = await runCli(['batch', images, '--out', out, '--jobs', '2', ...quick, '--json']);
    expect(r.code).toBe(1); // one failed
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 6, done: 5, failed: 1, skipped: 0, stopped: false });
    const records = [...readManifest(join(out, 'manifest.jsonl')).values()];
    expect(records).toHaveLength(6);
    const broken = records.find((x) => x.name === 'broken')!;
    expect(broken).toMatchObject({ status: 'failed' });
    expect(broken.error).toMatch(/broken\.png is not an image fude can read/);
    for (const rec of records.filter((x) => x.status === 'done')) {
      expect(rec.psnr).toBeGreaterThan(10);
      expect(rec.seconds).toBeGreaterThan(0);
      expect(rec.outputs).toMatchObject({ png: 'painting.png', strokes: 'strokes.json', gif: 'process.gif' });
      expect(rec.processPsnr).toHaveLength(4);
      const file = parseStrokesFile(readFileSync(join(out, rec.name, 'strokes.json'), 'utf8'));
      expect(file.strokes).toHaveLength(20);
      // the options that made it, and nothing of the shared browser session or the stop signal
      expect(Object.keys(file.meta?.options as object).sort()).toEqual([...PAINT_OPTION_NAMES].sort());
    }
    expect(readdirSync(out).sort()).toEqual(['manifest.jsonl', 'p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('Ctrl-C keeps finished images, leaves nothing half-written; the rerun paints only the rest', async () => {
    const images = folder('six', 6), out = join(tmp, 'six-out');
    const slow = ['--strokes', '40', '--size', '64', '--stages', '4', '--steps', '80', '--refine-steps', '60'];
    // Ctrl-C once two images are in the manifest (polled: a progress line comes only every 5 s, and
    // the six can all be done by then)
    let poll: NodeJS.Timeout | undefined;
    // a batch's browser keeps Chromium's processes (a crashed page ends one job): its page has one
    let pageProcesses = -1;
    const first = await runCli(['batch', images, '--out', out, '--jobs', '1', ...slow], {
      onStart: (child) => {
        poll = setInterval(() => {
          if (!existsSync(join(out, 'manifest.jsonl')) || readFileSync(join(out, 'manifest.jsonl'), 'utf8').split('\n').filter(Boolean).length < 2) return;
          clearInterval(poll);
          const browser = browserOf(child.pid!);
          pageProcesses = browser ? childrenOfType(browser, 'renderer').length : -1;
          child.kill('SIGINT');
        }, 20);
      },
    });
    clearInterval(poll);
    expect(first.code).toBe(130);
    expect(pageProcesses).toBeGreaterThan(0);
    const afterStop = readManifest(join(out, 'manifest.jsonl'));
    const painted = [...afterStop.values()].filter((r) => r.status === 'done').map((r) => r.name);
    expect(painted.length).toBeGreaterThanOrEqual(2);
    expect(painted.length).toBeLessThan(6);
    // every folder there is complete; no temporary folder or lock is left
    const entries = readdirSync(out);
    expect(entries.filter((e) => e.includes('.tmp-') || e === '.fude.lock')).toEqual([]);
    for (const e of entries.filter((x) => x !== 'manifest.jsonl')) {
      expect(painted).toContain(e);
      expect(existsSync(join(out, e, 'painting.png'))).toBe(true);
    }
    const mtimes = Object.fromEntries(painted.map((n) => [n, readFileSync(join(out, n, 'strokes.json'), 'utf8')]));
    const second = await runCli(['batch', images, '--out', out, '--jobs', '2', ...slow, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ total: 6, skipped: painted.length, done: 6 - painted.length, failed: 0 });
    for (const n of painted) expect(readFileSync(join(out, n, 'strokes.json'), 'utf8')).toBe(mtimes[n]); // not repainted
    expect(readdirSync(out).filter((e) => e !== 'manifest.jsonl').sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('reads list files and patterns', async () => {
    const images = folder('listed', 3);
    writeFileSync(join(tmp, 'list.txt'), `# two of them\n${join(images, 'p0.png')}\nlisted/p2.png\n`);
    const out = join(tmp, 'listed-out');
    const r = await runCli(['batch', join(tmp, 'list.txt'), join(images, 'p1.*'), '--out', out, '--jobs', '1', ...quick, '--json']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((e) => e !== 'manifest.jsonl').sort()).toEqual(['p0', 'p1', 'p2']);
  });
});
