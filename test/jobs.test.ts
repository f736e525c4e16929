// Several jobs in one session: each sees only its own progress and strokes, aborting one stops that one
// alone, an already-aborted signal returns at once, and fifty paintings keep the browser's memory bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, paint, type PaintProgress, type Session, type Stroke } from '../src/node/index.js';
import { picture } from './helpers/images.js';
import { processes } from './helpers/processes.js';
import { bytesFrom, serveFile, takeUpload } from '../src/node/page-server.js';

let session: Session;
beforeAll(async () => { session = await openSession(); });
afterAll(async () => { await session.close(); });

const quick = { strokes: 40, size: 48, stages: 3, stageSteps: 30, refineSteps: 30 };

describe('jobs in one session', () => {
  it('three at once: each callback sees only its job, only the aborted one stops, the others equal runs alone', async () => {
    const inputs = [picture(60, 40), picture(50, 50), picture(40, 60)];
    const progress: PaintProgress[][] = [[], [], []];
    const streamed: Stroke[][][] = [[], [], []];
    const abort = new AbortController();
    const t0 = Date.now();
    let abortedAt: { step: number; ms: number } | undefined;
    // the aborted job has steps enough to be under way whenever the abort lands (with quick's 120 steps,
    // all three could finish before the abort crossed from Node to the page and back on a loaded machine)
    const runs = inputs.map((input, k) => paint(input, {
      ...quick, ...(k === 1 ? { stageSteps: 3000 } : {}), seed: k + 1, session, progressEveryMs: 10,
      signal: k === 1 ? abort.signal : undefined,
      onProgress: (p) => { progress[k].push(p); if (k === 1 && p.step >= 20 && !abort.signal.aborted) { abortedAt = { step: p.step, ms: Date.now() - t0 }; abort.abort(); } },
      onStrokes: (s) => { streamed[k].push(s); },
    }));
    const [a, b, c] = await Promise.all(runs);
    // when the abort did not stop the job, say when it was asked for and how far the job went on
    const last = progress[1].at(-1);
    expect(b.aborted, `abort asked at ${JSON.stringify(abortedAt)}; the job reported step ${last?.step} of ${last?.totalSteps} and ended after ${Date.now() - t0} ms`).toBe(true);
    expect(a.aborted).toBe(false);
    expect(c.aborted).toBe(false);
    expect(b.strokes.length).toBeLessThan(40);
    // each job's reports describe its own canvas (its own stroke total and aspect)
    for (const [k, p] of [[0, a], [2, c]] as const) {
      expect(progress[k].length).toBeGreaterThan(3);
      expect(progress[k].every((e) => e.total === 40)).toBe(true);
      expect(streamed[k].at(-1)).toEqual(p.strokes);
    }
    expect(progress[1].at(-1)!.step).toBeLessThan(progress[0].at(-1)!.step);
    // the jobs that ran beside others paint exactly what they paint alone
    const alone = await paint(inputs[0], { ...quick, seed: 1, session });
    expect(alone.strokes).toEqual(a.strokes);
  });

  it('an input reaches the page by a one-off path of its server, gone once released', async () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251);
    const served = await serveFile(bytes);
    const fetchInPage = () => session.page.evaluate(async (path) => {
      const res = await fetch(path);
      return { status: res.status, bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
    }, served.path);
    const got = await fetchInPage();
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(Array.from(bytes));
    served.release();
    expect((await fetchInPage()).status).toBe(404);
  });

  it('large answers come back by upload to the server, small ones as base64, byte for byte the same', async () => {
    const strokes: Stroke[] = [{ type: 'rect', cx: 0.4, cy: 0.5, w: 0.3, h: 0.2, angle: 0.3, c: [0.9, 0.2, 0.1], alpha: 0.8 }];
    const request = (width: number, height: number) => ({ strokes, width, height, background: [0.2, 0.4, 0.6] as [number, number, number] });
    // 256 x 200 RGBA is 200 KB (an upload), 64 x 50 is 12.5 KB (base64)
    const large = await session.call('renderTile', request(256, 200), { x: 0, y: 0, width: 256, height: 200 });
    const small = await session.call('renderTile', request(64, 50), { x: 0, y: 0, width: 64, height: 50 });
    expect(typeof large).toBe('object');
    expect(typeof small).toBe('string');
    const viaUpload = bytesFrom(large);
    expect(viaUpload.length).toBe(256 * 200 * 4);
    // the same render through the protocol's base64
    const direct = await session.page.evaluate((req) => {
      const f = (globalThis as unknown as { fude: { getGL(c: HTMLCanvasElement): WebGL2RenderingContext; renderStrokes(gl: WebGL2RenderingContext, s: unknown): { data: Uint8Array }; bytesToBase64(b: Uint8Array): string } }).fude;
      return f.bytesToBase64(f.renderStrokes(f.getGL(document.createElement('canvas')), req).data);
    }, request(256, 200));
    expect(Buffer.from(viaUpload).equals(Buffer.from(direct, 'base64'))).toBe(true);
    // each upload is taken once; an id that never arrived is a clear error
    expect(() => bytesFrom(large)).toThrow(/did not arrive/);
    // only the server's own pages may post: a path without its secret is not an upload
    const status = await session.page.evaluate(async () => (await fetch('/upload/guess/x', { method: 'POST', body: new Blob([new Uint8Array(8)]) })).headers.get('content-type'));
    expect(status).toBe('text/html');
    expect(() => takeUpload('x')).toThrow(/did not arrive/);
  });

  it('an already-aborted signal returns at once with no strokes, without starting a browser', async () => {
    const before = processes().length;
    const t0 = Date.now();
    const p = await paint(picture(40, 40), { ...quick, signal: AbortSignal.abort() });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(p.aborted).toBe(true);
    expect(p.strokes).toEqual([]);
    expect(processes().length).toBeLessThanOrEqual(before);
    // and on a session: the same, the session still works after
    const q = await paint(picture(40, 40), { ...quick, session, signal: AbortSignal.abort() });
    expect(q.aborted).toBe(true);
    expect((await paint(picture(40, 40), { ...quick, strokes: 5, session })).strokes).toHaveLength(5);
  });

  it('fifty paintings in one session keep the browser within a bounded memory', async () => {
    const browserRss = () => {
      const pid = session.browser.process()!.pid!;
      return processes().filter((p) => p.pgid === pid).reduce((s, p) => s + p.rss, 0) / 1024; // MB
    };
    const one = () => paint(picture(48, 32), { strokes: 30, size: 48, stages: 2, stageSteps: 10, refineSteps: 10, session });
    for (let i = 0; i < 10; i++) await one(); // warm: programs compiled, caches filled
    const warm = browserRss();
    for (let i = 0; i < 40; i++) await one();
    const after = browserRss();
    console.log(`browser memory: ${warm.toFixed(0)} MB after 10 paintings, ${after.toFixed(0)} MB after 50 (${((after - warm) / 40).toFixed(2)} MB per painting)`);
    expect(after - warm).toBeLessThan(60);
  });
});
