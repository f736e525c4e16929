// The script Node injects into its headless page (built to dist/fude.iife.js, global `fude`): the job
// runtime that answers PageApi calls, plus the library itself for tests and benchmarks. Every job has an
// id: its progress and strokes go out tagged with it, and aborting one job stops that job alone.
import { FudeError, isFudeError } from '../errors.js';
import { decodeImage, resizeTo } from '../paint/decode.js';
import type { ByteImage } from '../paint/image.js';
import { DEFAULT_PAINT_OPTIONS } from '../paint/options.js';
import { paint } from '../paint/painter.js';
import { renderFrames, renderStrokes, RENDER_TILE, type RenderSpec } from '../paint/render.js';
import { videoModule } from './video-loader.js';
import type { VideoSummary } from '../video/read.js';
import { encodeGIF } from '../paint/gif.js';
import { srgbConverter } from '../paint/srgb.js';
import { getGL, rendererName } from '../render/gl.js';
import { packStrokes } from '../strokes/stroke.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { shipBytes } from './upload.js';
import { EVENT_FUNCTION, type FileWire, type PageApi, type PageEvent, type PageLimits, type RenderWire, type WireResult } from './protocol.js';
import { MAX_STROKES } from '../paint/options.js';

// the library, for tests and benchmarks that drive the engine directly in the page
export * from '../index.js';
export { createPass, createTarget, runPass, readFloat } from '../render/gl.js';
export { engineCases, qualityCases } from '../bench/registry.js';
export { runEngineCase, benchStrokes } from '../bench/engine-bench.js';
import { engineCases } from '../bench/registry.js';
import { runEngineCase } from '../bench/engine-bench.js';
export { resizeTo, resizeImage } from '../paint/decode.js';
export { bytesToBase64, base64ToBytes };
/** Reads back a video's frames and format (tests of the encoder use it). */
export async function readVideo(bytes: Uint8Array): Promise<VideoSummary> {
  return (await videoModule()).readVideo(bytes);
}

/** Frames converted to sRGB with a table (base64, from srgbTable), or as they are without one. */
function inSrgb(frames: ByteImage[], srgb: string | undefined): ByteImage[] {
  if (!srgb) return frames;
  const convert = srgbConverter(base64ToBytes(srgb));
  return frames.map(convert);
}

/** An input file, from the server that serves this page (node/page-server.ts). */
async function fetchFile(file: FileWire): Promise<Blob> {
  const res = await fetch(file.path);
  if (!res.ok) throw new FudeError('io', `${file.name} could not reach the page (HTTP ${res.status})`);
  return res.blob();
}

/** One WebGL context for every job of the page (contexts are a scarce resource: Chromium keeps 16). */
let shared: WebGL2RenderingContext | null = null;
function gl(): WebGL2RenderingContext {
  if (!shared || shared.isContextLost()) shared = getGL(document.createElement('canvas'));
  return shared;
}

const running = new Map<string, AbortController>();
/**
 * Aborts that arrived before their job started (the call and the abort race across the protocol), with
 * when they came. An abort for a job that already ended (Node repeats one while progress still arrives)
 * also lands here, so entries older than a minute, long past any race, are dropped.
 */
const abortedEarly = new Map<string, number>();
const EARLY_ABORT_MS = 60_000;

function emit(event: PageEvent): void {
  const post = (globalThis as unknown as Record<string, ((e: PageEvent) => Promise<void>) | undefined>)[EVENT_FUNCTION];
  post?.(event).catch(() => {});
}

function spec(req: RenderWire): RenderSpec {
  const { base, ...rest } = req;
  return base ? { ...rest, base: { width: base.width, height: base.height, data: base64ToBytes(base.b64) } } : rest;
}

/** Renders one rectangle into a float target and reads it back: float render targets that merely exist are not enough. */
function probe(): void {
  // a brush, the default stroke: the programs this compiles are the ones a painting's first steps use
  const c: [number, number, number] = [1, 0.5, 0.25];
  const brush = { type: 'brush' as const, x0: 0.3, y0: 0.5, x1: 0.5, y1: 0.5, x2: 0.7, y2: 0.5, r0: 0.25, r2: 0.25, c0: c, c2: c, alpha: 1 };
  const img = renderStrokes(gl(), { strokes: [brush], width: 8, height: 8, background: [0, 0, 0] });
  const at = (x: number, y: number) => Array.from(img.data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 3));
  if (at(4, 4).join() !== '255,128,64' || at(0, 0).join() !== '0,0,0') {
    throw new FudeError('no-float-targets', `this renderer (${rendererName(gl())}) drew a test stroke wrong (${at(4, 4)} at its centre)`);
  }
}

/** Working sizes stop where the engine's full set of canvases (about 20 RGBA32F targets) would pass 1.5 GB. */
const MAX_PAINT_BYTES = 1.5 * 2 ** 30;

function measureLimits(): PageLimits {
  probe();
  const max = gl().getParameter(gl().MAX_TEXTURE_SIZE) as number;
  const paintSide = Math.floor(Math.sqrt(MAX_PAINT_BYTES / (20 * 16)));
  return { renderer: rendererName(gl()), maxTextureSize: max, maxPaintSize: Math.min(max, paintSide - (paintSide % 8)), maxStrokes: MAX_STROKES, maxRenderSize: Math.min(16384, 4 * max) };
}

// The check starts as soon as the page has loaded, while Node is still connecting to the browser
// (0.2-0.3 s of every start); the session's first `limits` call takes its outcome, failure included.
let early: { limits: PageLimits } | { error: unknown } | undefined;
setTimeout(() => {
  try { early = { limits: measureLimits() }; } catch (error) { early = { error }; }
}, 0);

const api: PageApi = {
  limits() {
    const first = early;
    early = undefined;
    if (first && 'error' in first) throw first.error;
    return first ? first.limits : measureLimits();
  },

  async paint(req) {
    const abort = new AbortController();
    running.set(req.jobId, abort);
    if (abortedEarly.delete(req.jobId)) abort.abort();
    try {
      const size = req.options.size ?? DEFAULT_PAINT_OPTIONS.size;
      const target = await decodeImage(await fetchFile(req.input), size === 'full' ? api.limits().maxPaintSize : size, req.input.name, size === 'full');
      // strokes are placed in fractions of their canvas, and a starting canvas is stretched to the
      // target: on a picture of another shape either would be distorted
      const was = req.initialCanvas;
      if (was && !sameShape(was.width, was.height, target.width, target.height)) {
        throw new FudeError('bad-input', `the strokes to continue were painted on a ${was.width}x${was.height} canvas, and ${req.input.name} is ${target.sourceWidth}x${target.sourceHeight}, another shape: continue a painting on the picture it was painted from`);
      }
      const start = req.canvas;
      const canvas = start ? await decodeTo(start, target.width, target.height, (d) =>
        `the starting canvas ${start.name} is ${d.sourceWidth}x${d.sourceHeight} and ${req.input.name} is ${target.sourceWidth}x${target.sourceHeight}, another shape: give a canvas of the picture's shape (the same picture, half painted)`) : undefined;
      const painting = await paint(gl(), target, req.options, {
        signal: abort.signal, initial: req.initial, canvas, progressEveryMs: req.progressEveryMs,
        onProgress: (progress) => emit({ jobId: req.jobId, kind: 'progress', progress }),
        onStrokes: (strokes, canvas) => {
          const packed = packStrokes(strokes);
          emit({ jobId: req.jobId, kind: 'strokes', packed: bytesToBase64(new Uint8Array(packed.buffer)), count: strokes.length, canvas });
        },
      });
      return {
        painting, target: { width: target.width, height: target.height, bytes: await shipBytes(target.data) },
        base: canvas ? await shipBytes(canvas.data) : null, source: { width: target.sourceWidth, height: target.sourceHeight },
      };
    } finally {
      running.delete(req.jobId);
    }
  },

  abort(jobId) {
    const job = running.get(jobId);
    if (job) job.abort();
    else {
      const now = performance.now();
      for (const [id, at] of abortedEarly) if (now - at > EARLY_ABORT_MS) abortedEarly.delete(id);
      abortedEarly.set(jobId, now);
    }
  },

  renderTile(req, tile) {
    return shipBytes(renderStrokes(gl(), spec(req), tile).data);
  },

  renderFrames(req, ends) {
    return Promise.all(renderFrames(gl(), spec(req), ends).map((img) => shipBytes(img.data)));
  },

  async renderGif(req, ends, srgb) {
    const frames = renderFrames(gl(), spec(req), ends);
    // the last frame goes back as painted: it is painting.png's pixels, in the photograph's own colours
    return { gif: await shipBytes(encodeGIF(frames, { shownAs: srgb ? base64ToBytes(srgb) : undefined })), last: await shipBytes(frames[frames.length - 1].data) };
  },

  async renderVideo(req, ends, video, srgb) {
    const { encodeVideo } = await videoModule();
    return shipBytes(await encodeVideo(inSrgb(renderFrames(gl(), spec(req), ends), srgb), video));
  },

  async srgbTable(grid) {
    const bitmap = await createImageBitmap(await fetchFile(grid), { colorSpaceConversion: 'default', premultiplyAlpha: 'none' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { colorSpace: 'srgb', willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    return shipBytes(new Uint8Array(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer));
  },

  engineCases: () => engineCases(),
  runEngineCase: (c) => runEngineCase(gl(), c),

  async decode(file, width, height) {
    const img = await decodeTo(file, width, height, (d) =>
      `${file.name} is ${d.sourceWidth}x${d.sourceHeight}, and the canvas it goes on is ${width}x${height}, another shape: give the canvas the strokes were painted over`);
    return shipBytes(img.data);
  },
};

/**
 * An image decoded and resized to width x height, for a canvas under strokes; one of another shape is
 * refused with `otherShape`'s message (stretched, it would no longer be under the strokes it had).
 */
async function decodeTo(file: FileWire, width: number, height: number, otherShape: (decoded: { sourceWidth: number; sourceHeight: number }) => string): Promise<ByteImage> {
  const decoded = await decodeImage(await fetchFile(file), Math.max(width, height), file.name);
  if (!sameShape(decoded.width, decoded.height, width, height)) throw new FudeError('bad-input', otherShape(decoded));
  return resizeTo(decoded, width, height);
}

/** Whether two sizes have one shape, up to the rounding of a resize (2%). */
function sameShape(w: number, h: number, W: number, H: number): boolean {
  return Math.abs(Math.log((w / h) / (W / H))) <= 0.02;
}

/** Runs one PageApi call; failures come back as values (a FudeError keeps its code, anything else its stack). */
export async function call<K extends keyof PageApi>(name: K, args: Parameters<PageApi[K]>): Promise<WireResult<Awaited<ReturnType<PageApi[K]>>>> {
  try {
    const fn = api[name] as (...a: unknown[]) => unknown;
    return { ok: (await fn(...args)) as Awaited<ReturnType<PageApi[K]>> };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { error: { code: isFudeError(e) ? err.code : undefined, message: String(err?.message ?? e), stack: err?.stack } };
  }
}

/** Tile side of large renders (Node asks for them one by one). */
export const RENDER_TILE_SIDE = RENDER_TILE;
