// The page's painting worker: WebGL2 on an OffscreenCanvas, so painting, replay, exports and benchmarks
// never block the page. It posts progress and frames (ImageBitmaps) as it goes; Pause, Stop and Cancel
// are answered at the next yield (the painter yields every PROGRESS_MS of work, the exports every tile
// or frame, the benchmarks every case).
import * as fude from '../src/index.js';
import { engineCases, qualityCases } from '../src/bench/registry.js';
import { runEngineCase } from '../src/bench/engine-bench.js';
import { frameEnds, renderFrames, renderTiles } from '../src/paint/render.js';
import { encodeVideo, evenSize } from '../src/video/encode.js';
import { rendererKindOf } from '../src/render/renderer-kind.js';
import type { Curve, Limits, Reply, Request } from './protocol.js';

/** How often the painter reports (and yields to messages): Pause and Stop take effect within this. */
const PROGRESS_MS = 60;

const canvas = new OffscreenCanvas(256, 256);
let gl: WebGL2RenderingContext | null = null;
const cancelled = new Set<number>();
let paused: Promise<void> | null = null, resume: (() => void) | null = null;
let stopPaint: AbortController | null = null;

const post = (msg: Reply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);
const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));
function check(id: number): void { if (cancelled.has(id)) throw new fude.FudeError('aborted', 'cancelled'); }
const context = () => (gl ??= fude.getGL(canvas));

function frame(id: number, engine: fude.Engine): void {
  if (canvas.width !== engine.width || canvas.height !== engine.height) { canvas.width = engine.width; canvas.height = engine.height; }
  engine.display();
  const bitmap = canvas.transferToImageBitmap();
  post({ id, type: 'frame', bitmap }, [bitmap]);
}
const spec = (p: fude.Painting, width = p.width, height = p.height) => ({ strokes: p.strokes, width, height, background: p.background });

async function handle(id: number, req: Request): Promise<unknown> {
  switch (req.type) {
    case 'init': {
      const g = context();
      const renderer = fude.rendererName(g), maxTextureSize = g.getParameter(g.MAX_TEXTURE_SIZE) as number;
      return { renderer, software: rendererKindOf(renderer) !== 'gpu', maxTextureSize, maxPngSize: Math.min(8192, maxTextureSize) } satisfies Limits;
    }
    case 'decode':
      // the page shows the picture beside its painting: both in the colours a browser shows it in
      return fude.decodeImage(req.blob, req.size, req.name, false, 'srgb');
    case 'pause':
      paused ??= new Promise<void>((r) => { resume = r; });
      return null;
    case 'resume':
      resume?.(); paused = null; resume = null;
      return null;
    case 'paint': {
      const asked = req.options.size ?? fude.DEFAULT_PAINT_OPTIONS.size;
      const size = asked === 'full' ? Math.min(4096, context().getParameter(context().MAX_TEXTURE_SIZE) as number) : asked;
      const target = await fude.decodeImage(req.blob, size, req.name, req.options.size === 'full', 'srgb');
      stopPaint = new AbortController();
      try {
        const painting = await fude.paint(context(), target, req.options, {
          signal: stopPaint.signal, progressEveryMs: PROGRESS_MS,
          onProgress: (progress) => post({ id, type: 'progress', progress }),
          onFrame: (engine) => frame(id, engine),
          gate: () => paused ?? undefined,
        });
        return { painting, target };
      } finally {
        stopPaint = null;
      }
    }
    case 'replay': {
      const img = fude.renderStrokes(context(), { ...spec(req.painting, req.width, req.height), strokes: req.painting.strokes.slice(0, req.strokes) });
      return createImageBitmap(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height));
    }
    case 'curve': {
      // PSNR after each of `points` prefixes, from the same frames the replay shows
      const p = req.painting, ends = frameEnds(p.strokes.length, { frames: req.points });
      const frames = renderFrames(context(), spec(p), ends);
      const target = Float32Array.from(req.target, (v) => v / 255);
      return { strokes: [0, ...ends], psnr: [psnrOf(renderFrames(context(), spec(p), [0])[0].data, target), ...frames.map((f) => psnrOf(f.data, target))] } satisfies Curve;
    }
    case 'png': {
      const p = req.painting, scale = req.longerSide / Math.max(p.width, p.height);
      const w = Math.max(1, Math.round(p.width * scale)), h = Math.max(1, Math.round(p.height * scale));
      const out = new OffscreenCanvas(w, h), ctx = out.getContext('2d')!;
      const tiles = renderTiles(w, h, 1024);
      const t0 = performance.now();
      for (const [k, tile] of tiles.entries()) {
        check(id);
        const img = fude.renderStrokes(context(), spec(p, w, h), tile);
        ctx.putImageData(new ImageData(new Uint8ClampedArray(img.data), tile.width, tile.height), tile.x, tile.y);
        post({ id, type: 'busy', done: k + 1, total: tiles.length, etaMs: ((performance.now() - t0) / (k + 1)) * (tiles.length - k - 1), what: 'PNG' });
        await yieldNow();
      }
      check(id);
      return out.convertToBlob({ type: 'image/png' });
    }
    case 'gif': {
      const p = req.painting, ends = frameEnds(p.strokes.length, {});
      const frames: fude.ByteImage[] = [];
      for (let k = 0; k < ends.length; k++) {
        check(id);
        frames.push(...renderFrames(context(), { ...spec(p), strokes: p.strokes.slice(0, ends[k]) }, [ends[k]]));
        post({ id, type: 'busy', done: k + 1, total: ends.length + 1, etaMs: NaN, what: 'GIF' });
        await yieldNow();
      }
      return fude.encodeGIF(frames);
    }
    case 'video': {
      const p = req.painting;
      const frames = renderFrames(context(), spec(p, evenSize(p.width), evenSize(p.height)), frameEnds(p.strokes.length, {}));
      check(id);
      return encodeVideo(frames, { format: req.format, fps: 12, holdSeconds: 1 });
    }
    case 'bench-engine': {
      const cases = engineCases(), t0 = performance.now();
      for (const [k, c] of cases.entries()) {
        check(id);
        post({ id, type: 'engine-row', record: runEngineCase(context(), c) });
        post({ id, type: 'busy', done: k + 1, total: cases.length, etaMs: ((performance.now() - t0) / (k + 1)) * (cases.length - k - 1), what: 'engine benchmark' });
        await yieldNow();
      }
      return cases.length;
    }
    case 'bench-quality': {
      const cases = qualityCases(req.images.map((i) => i.name)), t0 = performance.now();
      for (const [k, c] of cases.entries()) {
        check(id);
        const blob = req.images.find((i) => i.name === c.image)!.blob;
        const target = await fude.decodeImage(blob, c.size, c.image);
        const s = performance.now();
        const stop = new AbortController();
        const watch = setInterval(() => { if (cancelled.has(id)) stop.abort(); }, 50);
        const p = await fude.paint(context(), target, { strokes: c.strokes, size: c.size }, { signal: stop.signal, progressEveryMs: PROGRESS_MS }).finally(() => clearInterval(watch));
        check(id);
        const img = fude.renderStrokes(context(), spec(p));
        const a = Float32Array.from(img.data, (v) => v / 255), b = Float32Array.from(target.data, (v) => v / 255);
        post({ id, type: 'quality-row', row: { image: c.image, strokes: c.strokes, psnr: fude.psnr(a, b), ssim: fude.ssim(a, b, p.width, p.height), seconds: (performance.now() - s) / 1000 } });
        post({ id, type: 'busy', done: k + 1, total: cases.length, etaMs: ((performance.now() - t0) / (k + 1)) * (cases.length - k - 1), what: 'quality benchmark' });
      }
      return cases.length;
    }
  }
}

function psnrOf(bytes: Uint8Array | Uint8ClampedArray, target: Float32Array): number {
  return fude.psnr(Float32Array.from(bytes, (v) => v / 255), target);
}

self.onmessage = async (e: MessageEvent<{ id: number; req?: Request; cancel?: number; stop?: boolean }>) => {
  const { id, req, cancel, stop } = e.data;
  if (cancel !== undefined) { cancelled.add(cancel); if (stopPaint && cancel === -1) stopPaint.abort(); return; }
  if (stop) { stopPaint?.abort(); resume?.(); paused = null; resume = null; return; }
  if (!req) return;
  try {
    const value = await handle(id, req);
    post({ id, type: 'result', value }, value instanceof ImageBitmap ? [value] : []);
  } catch (err) {
    const x = err as Error & { code?: string };
    post({ id, type: 'error', code: x.code, message: fude.isFudeError(err) ? x.message : `Something went wrong: ${x?.message ?? err}` });
  } finally {
    cancelled.delete(id);
  }
};
