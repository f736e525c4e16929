// The page end to end in headless Chromium: choose a sample, paint, watch PSNR rise, scrub the replay,
// download strokes.json and load it back with the Node API, show errors in plain words.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, parseStrokesFile, render } from '../src/node/index.js';

let server: ViteDevServer;
let browser: Browser;
let page: Page;
const downloads = mkdtempSync(join(tmpdir(), 'fude-page-'));

beforeAll(async () => {
  server = await createServer({ configFile: 'page/vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  await server.listen();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.goto(server.resolvedUrls!.local[0], { waitUntil: 'networkidle0' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (sel: string) => page.$eval(sel, (el) => el.textContent ?? '');
async function setValue(id: string, value: string): Promise<void> {
  await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, value);
}

/** The text of a finished download: Chromium may show the file before its bytes are all written. */
async function downloaded(file: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 150; i++) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.length > 0 && text === last) {
        try { JSON.parse(text); return text; } catch { /* still being written */ }
      }
      last = text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`download ${file} did not complete in 15 s (last size ${last.length} chars)`);
}

describe('the page', () => {
  it('shows the GPU renderer and no error', async () => {
    expect(await text('#renderer')).toMatch(/SwiftShader|ANGLE|GPU|Intel|NVIDIA|AMD|Apple/i);
    expect(await page.$eval('#error', (el) => (el as HTMLElement).hidden)).toBe(true);
  });

  it('paints a sample live: strokes appear, PSNR rises, the replay scrubs, strokes.json downloads and loads back', async () => {
    await page.click('img[data-sample="astronaut.png"]');
    await page.waitForFunction(() => !(document.getElementById('start') as HTMLButtonElement).disabled);
    await setValue('strokes', '60');
    await setValue('size', '128');
    await setValue('stages', '4');
    await setValue('stageSteps', '40');
    await setValue('refineSteps', '40');
    await page.click('#start');
    await page.waitForFunction(() => /^done/.test(document.getElementById('f-status')!.textContent ?? ''), { timeout: 120_000 });

    const status = await text('#f-status');
    expect(status).toMatch(/^done: 60 strokes, PSNR [\d.]+ dB/);
    const { first, last, points } = await page.evaluate(() => {
      const s = (window as any).fudePage.state.steps;
      return { first: s.y[0], last: s.y[s.y.length - 1], points: s.y.length };
    });
    expect(points).toBeGreaterThan(2);
    expect(last).toBeGreaterThan(first);
    // the canvas is not blank
    const spread = await page.$eval('#view', (c) => {
      const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      let lo = 255, hi = 0;
      for (let i = 0; i < d.length; i += 4) { lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
      return hi - lo;
    });
    expect(spread).toBeGreaterThan(100);

    // scrub the replay to 10 strokes: fewer strokes, another picture
    const before = await page.$eval('#view', (c) => (c as HTMLCanvasElement).toDataURL());
    await setValue('scrub', '10');
    expect(await text('#scrubLabel')).toBe('10 / 60 strokes');
    expect(await page.$eval('#view', (c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(before);

    // download strokes.json and render it with the Node API: the same picture as the page's
    await page.click('#dl-json');
    const file = join(downloads, 'strokes.json');
    const doc = parseStrokesFile(await downloaded(file));
    expect(doc.strokes).toHaveLength(60);
    const fromNode = await render({ strokes: doc.strokes, width: doc.canvas.width, height: doc.canvas.height, background: doc.canvas.background });
    const fromPage: number[] = await page.evaluate(() => {
      const { fude, state } = (window as any).fudePage;
      const p = state.painting;
      const gl = fude.getGL(document.createElement('canvas'));
      return Array.from(fude.renderStrokes(gl, { strokes: p.strokes, width: p.width, height: p.height, background: p.background }).data as Uint8ClampedArray);
    });
    let maxDiff = 0;
    for (let i = 0; i < fromPage.length; i++) maxDiff = Math.max(maxDiff, Math.abs(fromPage[i] - fromNode.data[i]));
    expect(maxDiff).toBeLessThanOrEqual(1);

    await setValue('scrub', '60');
    mkdirSync('out', { recursive: true });
    await page.screenshot({ path: 'out/page.png' });
  });

  it('takes images dropped on the page or pasted', async () => {
    const png = readFileSync('examples/astronaut.png').toString('base64');
    for (const how of ['drop', 'paste'] as const) {
      await page.evaluate((png, how) => {
        const file = new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], `${how}.png`, { type: 'image/png' });
        const dt = new DataTransfer();
        dt.items.add(file);
        document.dispatchEvent(how === 'drop' ? new DragEvent('drop', { dataTransfer: dt, cancelable: true }) : new ClipboardEvent('paste', { clipboardData: dt }));
      }, png, how);
      const expected = how === 'drop' ? 'ready: drop.png' : 'ready: pasted image';
      await page.waitForFunction((t) => document.getElementById('f-status')!.textContent === t, {}, expected);
    }
  });

  it('pauses, resumes and stops', async () => {
    await setValue('strokes', '400');
    await setValue('size', '128');
    await setValue('stageSteps', '1000'); // long enough to still be running when stopped
    await page.click('#start');
    await page.waitForFunction(() => /^painting/.test(document.getElementById('f-status')!.textContent ?? ''));
    await page.click('#pause');
    await page.waitForFunction(() => document.getElementById('f-status')!.textContent === 'paused');
    const stepAt = () => page.evaluate(() => (window as any).fudePage.state.progress?.step ?? 0);
    const a = await stepAt();
    await new Promise((r) => setTimeout(r, 1200));
    expect(await stepAt()).toBe(a); // nothing moves while paused
    await page.click('#pause'); // resume
    await page.waitForFunction((a) => ((window as any).fudePage.state.progress?.step ?? 0) > a, {}, a);
    await page.click('#stop');
    await page.waitForFunction(() => /^stopped: \d+ strokes/.test(document.getElementById('f-status')!.textContent ?? ''), { timeout: 60_000 });
    expect(await page.$eval('#dl-json', (b) => (b as HTMLButtonElement).disabled)).toBe(false);
  });

  it('the benchmark tab runs the cases of the same registry as npm run bench', async () => {
    const { engineCases } = await import('../src/bench/registry.js');
    await page.click('nav .tab[data-tab="bench"]');
    await page.click('#bench-engine');
    // interval polling: rAF polling waits for a frame, which a page busy benchmarking rarely paints
    await page.waitForFunction(() => document.querySelectorAll('#bench-engine-table tbody tr').length >= 2, { timeout: 120_000, polling: 100 });
    const rows = await page.$$eval('#bench-engine-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows[0][0]).toBe(engineCases()[0].name);
    expect(rows[1][0]).toBe(engineCases()[1].name);
    expect(Number(rows[0][5])).toBeGreaterThan(0); // total ms
    await page.click('nav .tab[data-tab="paint"]');
  });

  it('says in plain words when a file is not an image', async () => {
    const bogus = join(downloads, 'notes.png');
    writeFileSync(bogus, 'this is not a picture');
    const input = await page.$('#file');
    await (input as any).uploadFile(bogus);
    await page.waitForFunction(() => !(document.getElementById('error') as HTMLElement).hidden);
    expect(await text('#error')).toMatch(/is not an image fude can read/);
  });
});
