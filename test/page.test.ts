// The page end to end in headless Chromium: the first visit, painting in the worker (the page never blocks
// for more than 100 ms), replay and the process plot, downloads read back, a new image, Stop, Pause, the
// form's checks, the keyboard alone, a phone's screen, the benchmark tab.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSession, parseStrokesFile, render } from '../src/node/index.js';

let server: ViteDevServer;
let browser: Browser;
let page: Page;
let url: string;
const downloads = mkdtempSync(join(tmpdir(), 'fude-page-'));

async function open(width: number, height: number): Promise<Page> {
  const p = await browser.newPage();
  await p.setViewport({ width, height });
  const cdp = await p.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await p.goto(url, { waitUntil: 'networkidle0' });
  await p.waitForFunction(() => /^ready/.test(document.getElementById('f-status')!.textContent ?? ''), { timeout: 30_000 });
  return p;
}

beforeAll(async () => {
  server = await createServer({ configFile: 'page/vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  await server.listen();
  url = server.resolvedUrls!.local[0];
  const session = await openSession(); // the same renderer choice as the rest (llvmpipe here)
  browser = session.browser;
  await session.page.close();
  page = await open(1280, 900);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (sel: string, p = page) => p.$eval(sel, (el) => el.textContent ?? '');
const disabled = (id: string, p = page) => p.$eval(`#${id}`, (b) => (b as HTMLButtonElement).disabled);
async function setValue(id: string, value: string, p = page): Promise<void> {
  await p.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }, value);
}
const quick = async (p = page) => {
  for (const [id, v] of [['strokes', '60'], ['size', '96'], ['stages', '4'], ['stageSteps', '30'], ['refineSteps', '30']]) await setValue(id, v, p);
};
const doneOrStopped = (p = page) => p.waitForFunction(() => /^(done|stopped)/.test(document.getElementById('f-status')!.textContent ?? ''), { timeout: 120_000, polling: 100 });

/** A finished download's bytes (Chromium shows the file before all of it is written). */
async function downloaded(name: string, isJson = false): Promise<Buffer> {
  const file = join(downloads, name);
  let last = -1;
  for (let i = 0; i < 150; i++) {
    if (existsSync(file) && !existsSync(`${file}.crdownload`)) {
      const bytes = readFileSync(file);
      if (bytes.length > 0 && bytes.length === last) {
        if (!isJson) return bytes;
        try { JSON.parse(bytes.toString('utf8')); return bytes; } catch { /* still being written */ }
      }
      last = bytes.length;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`download ${name} did not complete`);
}
const clearDownloads = () => { for (const f of readdirSync(downloads)) rmSync(join(downloads, f), { force: true }); };

describe('the page', () => {
  // one page for the whole block: a test that fails mid-painting must not leave the next one a busy page
  afterEach(async () => {
    if (await page.evaluate(() => (window as any).fudePage.state.running)) { await page.click('#stop'); await doneOrStopped(); }
  });
  it('a first visit opens with a sample chosen, says what fude does, and names the renderer honestly', async () => {
    expect(await text('.tagline')).toMatch(/Turns a picture into a painting/);
    expect(await page.$eval('.sample[data-sample="astronaut.png"]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    expect(await text('#f-status')).toBe('ready: astronaut.png');
    expect(await disabled('start')).toBe(false);
    expect(await text('#renderer')).toMatch(/software, no GPU|ANGLE|GPU|Intel|NVIDIA|AMD|Apple/i);
    expect(await page.$eval('#error', (el) => (el as HTMLElement).hidden)).toBe(true);
    // defaults come from the library
    const { DEFAULT_PAINT_OPTIONS } = await import('../src/index.js');
    expect(Number(await page.$eval('#strokes', (i) => (i as HTMLInputElement).value))).toBe(DEFAULT_PAINT_OPTIONS.strokes);
    expect(await page.$eval('#type', (s) => (s as HTMLSelectElement).value)).toBe(DEFAULT_PAINT_OPTIONS.type);
  });

  it('paints in the worker without blocking the page; PSNR rises, the process plot and replay work, strokes.json loads back', async () => {
    await quick();
    await page.evaluate(() => {
      (window as any).longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) (window as any).longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
    });
    await page.click('#start');
    await doneOrStopped();
    const longest = await page.evaluate(() => Math.max(0, ...(window as any).longTasks));
    console.log(`longest task on the page's main thread while painting: ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(100);
    expect(await text('#f-status')).toMatch(/^done: 60 strokes, PSNR [\d.]+ dB/);
    const steps = await page.evaluate(() => (window as any).fudePage.state.steps.y as number[]);
    expect(steps.length).toBeGreaterThan(2);
    expect(steps[steps.length - 1]).toBeGreaterThan(steps[0]);
    // the process plot: PSNR against strokes painted rises from the bare canvas to the painting
    await page.waitForFunction(() => (window as any).fudePage.state.curve !== null, { polling: 100 });
    const curve = await page.evaluate(() => (window as any).fudePage.state.curve as { strokes: number[]; psnr: number[] });
    expect(curve.strokes[0]).toBe(0);
    expect(curve.strokes.at(-1)).toBe(60);
    expect(curve.psnr.at(-1)!).toBeGreaterThan(curve.psnr[0] + 3);
    // replay: 10 strokes is another picture
    const before = await page.$eval('#view', (c) => (c as HTMLCanvasElement).toDataURL());
    await setValue('scrub', '10');
    expect(await text('#scrubLabel')).toBe('10 / 60 strokes');
    await page.waitForFunction((b) => (document.getElementById('view') as HTMLCanvasElement).toDataURL() !== b, { polling: 100 }, before);
    await setValue('scrub', '60');
    // strokes.json, rendered by Node, is the page's painting
    clearDownloads();
    await page.click('#dl-json');
    const doc = parseStrokesFile((await downloaded('strokes.json', true)).toString('utf8'));
    expect(doc.strokes).toHaveLength(60);
    expect((doc.meta?.processPsnr as unknown[]).length).toBe(4);
    const img = await render({ strokes: doc.strokes, width: doc.canvas.width, height: doc.canvas.height, background: doc.canvas.background });
    await page.waitForFunction((b) => (document.getElementById('view') as HTMLCanvasElement).toDataURL() === b, { polling: 100 }, before).catch(() => {});
    const shown: number[] = await page.$eval('#view', (c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data));
    let diff = 0;
    for (let i = 0; i < shown.length; i++) diff = Math.max(diff, Math.abs(shown[i] - img.data[i]));
    expect(diff).toBeLessThanOrEqual(2);
    mkdirSync('out', { recursive: true });
    await page.screenshot({ path: 'out/page.png' });
  });

  it('a new image clears the painting, its figures, replay and downloads', async () => {
    const png = readFileSync('page/public/samples/coffee.png').toString('base64');
    await page.evaluate((png) => {
      const file = new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' });
      const dt = new DataTransfer();
      dt.items.add(file);
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, png);
    await page.waitForFunction(() => document.getElementById('f-status')!.textContent === 'ready: dropped.png', { polling: 100 });
    for (const id of ['dl-json', 'dl-png', 'dl-gif', 'scrub']) expect(await disabled(id)).toBe(true);
    expect(await text('#f-psnr')).toBe('–');
    expect(await text('#scrubLabel')).toBe('–');
    expect(await page.$$eval('.sample[aria-pressed="true"]', (b) => b.length)).toBe(0);
    expect(await page.evaluate(() => (window as any).fudePage.state.painting)).toBeNull();
    // paste works too
    await page.evaluate((png) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], 'x.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
    }, png);
    await page.waitForFunction(() => document.getElementById('f-status')!.textContent === 'ready: pasted image', { polling: 100 });
  });

  it('pauses, resumes, stops; the stopped painting downloads', async () => {
    await setValue('strokes', '400');
    await setValue('size', '128');
    await setValue('stageSteps', '1000'); // long enough to still run when stopped
    await page.click('#start');
    // the first report, after the first steps (and their compiles): the painting is under way
    await page.waitForFunction(() => ((window as any).fudePage.state.progress?.step ?? 0) > 0, { polling: 50, timeout: 60_000 });
    await page.click('#pause');
    await page.waitForFunction(() => document.getElementById('f-status')!.textContent === 'paused', { polling: 50 });
    const stepAt = () => page.evaluate(() => (window as any).fudePage.state.progress?.step ?? 0);
    // the worker pauses at its next report: the steps under way when Pause was pressed still land
    // (sooner or later, with the machine's load), after which the count must hold
    let a = await stepAt();
    for (let settled = Date.now() + 10_000; Date.now() < settled;) {
      await new Promise((r) => setTimeout(r, 500));
      const b = await stepAt();
      if (b === a) break;
      a = b;
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stepAt()).toBe(a);
    await page.click('#pause');
    await page.waitForFunction((a) => ((window as any).fudePage.state.progress?.step ?? 0) > a, { polling: 100 }, a);
    const t0 = Date.now();
    await page.click('#stop');
    await page.waitForFunction(() => /^stopped: \d+ strokes/.test(document.getElementById('f-status')!.textContent ?? ''), { timeout: 30_000, polling: 50 });
    console.log(`Stop answered in ${Date.now() - t0} ms`);
    expect(await disabled('dl-json')).toBe(false);
    clearDownloads();
    await page.click('#dl-json');
    const doc = parseStrokesFile((await downloaded('strokes.json', true)).toString('utf8'));
    expect(doc.strokes.length).toBeGreaterThan(0);
    expect(doc.strokes.length).toBeLessThan(400);
  });

  it('a PNG size beyond the GPU is refused beside the field; a valid one downloads', async () => {
    const max = Number(await page.$eval('#pngSize', (i) => (i as HTMLInputElement).max));
    expect(await page.$eval('#pngSize', (i) => i.parentElement!.textContent)).toContain(`max ${max}`);
    await setValue('pngSize', String(max * 2));
    expect(await text('#pngSize-msg')).toMatch(new RegExp(`from 16 to ${max} px`));
    expect(await disabled('dl-png')).toBe(true);
    await setValue('pngSize', '0');
    expect(await disabled('dl-png')).toBe(true);
    await setValue('pngSize', '300');
    expect(await text('#pngSize-msg')).toBe('');
    clearDownloads();
    await page.click('#dl-png');
    // named after the image (the last one was pasted)
    const png = await downloaded('pasted_image-painting.png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(300); // width, from the IHDR chunk (the coffee picture is wider than tall)
  });

  it('a bad learning rate is refused beside its field, and Start says why', async () => {
    await page.$eval('details', (d) => { (d as HTMLDetailsElement).open = true; });
    await setValue('lr-position', '1000000');
    expect(await text('#lr-position-msg')).toMatch(/learning rate position must be a number from 0 to 1, got 1000000/);
    expect(await disabled('start')).toBe(true);
    expect(await text('#start-why')).toMatch(/fix the settings/);
    await setValue('lr-position', '0.005');
    expect(await disabled('start')).toBe(false);
    await setValue('strokes', '-3');
    expect(await text('#strokes-msg')).toMatch(/strokes: from 1 to/);
    await setValue('strokes', '60');
  });

  it('the benchmark tab shows progress, replaces its rows, can be cancelled and does not run while painting', async () => {
    const { engineCases } = await import('../src/bench/registry.js');
    await page.click('nav .tab[data-tab="bench"]');
    await page.click('#bench-engine');
    await page.waitForFunction(() => document.querySelectorAll('#bench-engine-table tbody tr').length >= 2, { timeout: 120_000, polling: 100 });
    expect(await text('#bench-status')).toMatch(/engine benchmark: \d+ of \d+ cases, ~\d+ s left/);
    await page.click('#bench-cancel');
    await page.waitForFunction(() => /cancelled/.test(document.getElementById('bench-status')!.textContent ?? ''), { polling: 100, timeout: 60_000 });
    const rows = await page.$$eval('#bench-engine-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows[0][0]).toBe(engineCases()[0].name);
    expect(rows.length).toBeLessThan(engineCases().length);
    // a second run starts from an empty table
    await page.click('#bench-engine');
    await page.waitForFunction(() => document.querySelectorAll('#bench-engine-table tbody tr').length === 1, { timeout: 120_000, polling: 100 });
    await page.click('#bench-cancel');
    await page.waitForFunction(() => /cancelled/.test(document.getElementById('bench-status')!.textContent ?? ''), { polling: 100, timeout: 60_000 });
    await page.click('nav .tab[data-tab="paint"]');
    // while painting, the benchmark buttons are off
    await page.click('#start');
    await page.waitForFunction(() => /^painting/.test(document.getElementById('f-status')!.textContent ?? ''), { polling: 100 });
    expect(await disabled('bench-engine')).toBe(true);
    await page.click('#stop');
    await doneOrStopped();
    expect(await disabled('bench-engine')).toBe(false);
  });

  it('says in plain words when a file is not an image', async () => {
    const bogus = join(downloads, 'notes.png');
    writeFileSync(bogus, 'this is not a picture');
    const input = await page.$('#file');
    await (input as any).uploadFile(bogus);
    await page.waitForFunction(() => !(document.getElementById('error') as HTMLElement).hidden, { polling: 100 });
    expect(await text('#error')).toMatch(/is not an image fude can read/);
  });
});

describe('the page with the keyboard alone, and on a phone', () => {
  it('from load to a download with the keyboard only', async () => {
    const p = await open(1280, 900);
    try {
      await quick(p);
      // the samples are buttons: Tab reaches them, Enter chooses one
      await p.focus('.sample[data-sample="chelsea.png"]');
      await p.keyboard.press('Enter');
      await p.waitForFunction(() => document.getElementById('f-status')!.textContent === 'ready: chelsea.png', { polling: 100 });
      await p.focus('#start');
      await p.keyboard.press('Enter');
      await p.waitForFunction(() => /^painting/.test(document.getElementById('f-status')!.textContent ?? ''), { polling: 100 });
      expect(await p.evaluate(() => document.activeElement?.id)).toBe('pause'); // focus did not fall to <body>
      await doneOrStopped(p);
      expect(await p.evaluate(() => document.activeElement?.id)).toBe('start');
      // Tab along to the strokes.json button
      let reached = false;
      for (let i = 0; i < 20 && !reached; i++) { await p.keyboard.press('Tab'); reached = (await p.evaluate(() => document.activeElement?.id)) === 'dl-json'; }
      expect(reached).toBe(true);
      clearDownloads();
      await p.keyboard.press('Enter');
      expect(parseStrokesFile((await downloaded('strokes.json', true)).toString('utf8')).strokes).toHaveLength(60);
    } finally {
      await p.close();
    }
  });

  it('on a 390x844 phone the painting and its progress are on screen after Start, without scrolling', async () => {
    const p = await open(390, 844);
    try {
      await quick(p);
      const start = await p.$eval('#start', (b) => b.getBoundingClientRect().bottom);
      expect(start).toBeLessThan(844);
      await p.click('#start');
      await p.waitForFunction(() => /^painting/.test(document.getElementById('f-status')!.textContent ?? ''), { polling: 100 });
      const view = await p.$eval('#view', (c) => { const r = c.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, scrollY: window.scrollY }; });
      expect(view.scrollY).toBe(0);
      expect(view.top).toBeGreaterThanOrEqual(0);
      expect(view.bottom).toBeLessThanOrEqual(844);
      expect(await p.$eval('#f-brief', (e) => e.getBoundingClientRect().bottom)).toBeLessThan(844);
      await doneOrStopped(p);
      mkdirSync('out', { recursive: true });
      await p.screenshot({ path: 'out/page-phone.png' });
    } finally {
      await p.close();
    }
  });
});
