// Node's side of painting and rendering: inputs in, the job runs in the headless page, pixels come back.
import { readFileSync, statSync } from 'node:fs';
import { FudeError } from '../errors.js';
import type { Painting, PaintProgress } from '../paint/painter.js';
import { resolveOptions, type PaintOptions } from '../paint/options.js';
import type { ByteImage } from '../paint/image.js';
import type { Stroke } from '../strokes/stroke.js';
import type { StrokesFile } from '../strokes/file.js';
import { openSession, type Session, type SessionOptions } from './session.js';

/** A path, encoded bytes, or bytes already read with the name to use in messages. */
export type ImageInput = string | Uint8Array | { bytes: Uint8Array; name: string };

export interface NodePaintOptions extends Partial<PaintOptions>, SessionOptions {
  onProgress?: (p: PaintProgress) => void;
  signal?: AbortSignal;
  /** Continue a painting: its strokes stay first; new strokes are added on top. */
  initial?: StrokesFile | Stroke[];
  /** Paint the rest of a half-done picture: this image, resized to the target, is the canvas under the strokes. */
  canvas?: ImageInput;
  /** Reuse an open session (several jobs, one browser). */
  session?: Session;
  /** Progress cadence in ms of painting (default 1000: each report waits for the GPU). */
  progressEveryMs?: number;
}

export interface NodePainting extends Painting {
  /** The target at the working resolution (what PSNR is measured against). */
  target: ByteImage;
  /** The starting canvas at the working resolution, when painting over one. */
  base?: ByteImage;
}

/** Reads an image input: a path or encoded bytes (PNG, JPEG, WebP, ...). */
export function readInput(input: ImageInput): { bytes: Uint8Array; name: string } {
  if (input instanceof Uint8Array) return { bytes: input, name: 'the image' };
  if (typeof input !== 'string') return input;
  let size: number;
  try {
    size = statSync(input).size;
  } catch {
    throw new FudeError('io', `cannot read ${input}: no such file`);
  }
  if (size === 0) throw new FudeError('bad-input', `${input} is empty (0 bytes)`);
  try {
    return { bytes: readFileSync(input), name: input };
  } catch (e) {
    throw new FudeError('io', `cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function withSession<T>(options: SessionOptions & { session?: Session }, job: (s: Session) => Promise<T>): Promise<T> {
  const session = options.session ?? (await openSession(options));
  try {
    return await job(session);
  } finally {
    if (!options.session) await session.close();
  }
}

const toBase64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
export const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** Paints an image in headless Chromium. An abort returns the strokes painted so far (aborted: true). */
export async function paint(input: ImageInput, options: NodePaintOptions = {}): Promise<NodePainting> {
  const { bytes, name } = readInput(input);
  resolveOptions(options); // bad options fail before a browser starts
  const { onProgress, signal, session: _s, executablePath: _e, args: _a, browser: _b, initial, canvas, progressEveryMs = 1000, ...paintOptions } = options;
  const start = canvas !== undefined ? readInput(canvas) : undefined;
  const initialStrokes = initial ? (Array.isArray(initial) ? initial : initial.strokes) : undefined;
  return withSession(options, async (session) => {
    const page = session.page;
    await page.exposeFunction('__fudeProgress', (p: PaintProgress) => onProgress?.(p)).catch(() => {});
    const onAbort = () => { page.evaluate(() => (globalThis as any).__fudeAbort?.abort()).catch(() => {}); };
    signal?.addEventListener('abort', onAbort);
    try {
      const result = settle<{ painting: Painting; target: { width: number; height: number; b64: string }; base: string | null }>(await page.evaluate(async (b64, name, opts, initial, canvasB64, canvasName, progressEveryMs) => {
       try {
        const f = (globalThis as any).fude;
        const target = await f.decodeImage(f.base64ToBytes(b64), opts.size ?? f.DEFAULT_PAINT_OPTIONS.size, name);
        let canvas = null;
        if (canvasB64) {
          const decoded = await f.decodeImage(f.base64ToBytes(canvasB64), Math.max(target.width, target.height), canvasName);
          canvas = f.resizeTo(decoded, target.width, target.height);
        }
        const gl = f.getGL(document.createElement('canvas'));
        const abort = new AbortController();
        (globalThis as any).__fudeAbort = abort;
        const painting = await f.paint(gl, target, opts, {
          signal: abort.signal, initial, canvas: canvas ?? undefined, progressEveryMs,
          onProgress: (p: unknown) => (globalThis as any).__fudeProgress(p),
        });
        return { ok: { painting, target: { width: target.width, height: target.height, b64: f.bytesToBase64(target.data) }, base: canvas ? f.bytesToBase64(canvas.data) : null } };
       } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
      }, toBase64(bytes), name, paintOptions, initialStrokes ?? null, start ? toBase64(start.bytes) : null, start?.name ?? null, progressEveryMs));
      const { width, height } = result.target;
      return {
        ...result.painting, target: { width, height, data: fromBase64(result.target.b64) },
        ...(result.base ? { base: { width, height, data: fromBase64(result.base) } } : {}),
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  });
}

export interface RenderRequest {
  strokes: Stroke[];
  width: number;
  height: number;
  background: [number, number, number];
  /** A canvas image under the strokes instead of the flat background (resized to width x height). */
  base?: ByteImage;
}

/** The request as it crosses into the page (the base image as base64). */
function wire(req: RenderRequest): Omit<RenderRequest, 'base'> & { base64?: { width: number; height: number; b64: string } } {
  const { base, ...rest } = req;
  return base ? { ...rest, base64: { width: base.width, height: base.height, b64: toBase64(base.data as Uint8Array) } } : rest;
}

/** Renders strokes at a size; returns RGBA bytes. */
export async function render(request: RenderRequest, options: SessionOptions & { session?: Session } = {}): Promise<ByteImage> {
  return withSession(options, async (session) => {
    const b64 = settle<string>(await session.page.evaluate((req) => {
      try {
        const f = (globalThis as any).fude;
        const gl = f.getGL(document.createElement('canvas'));
        const spec = req.base64 ? { ...req, base: { width: req.base64.width, height: req.base64.height, data: f.base64ToBytes(req.base64.b64) } } : req;
        return { ok: f.bytesToBase64(f.renderStrokes(gl, spec).data) };
      } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
    }, wire(request)));
    return { width: request.width, height: request.height, data: fromBase64(b64) };
  });
}

/** Frames of the painting process (one after every `every` strokes). */
export async function renderProcess(request: RenderRequest, every: number, options: SessionOptions & { session?: Session } = {}): Promise<ByteImage[]> {
  return withSession(options, async (session) => {
    const frames = settle<string[]>(await session.page.evaluate((req, every) => {
      try {
        const f = (globalThis as any).fude;
        const gl = f.getGL(document.createElement('canvas'));
        const spec = req.base64 ? { ...req, base: { width: req.base64.width, height: req.base64.height, data: f.base64ToBytes(req.base64.b64) } } : req;
        return { ok: f.renderProcess(gl, spec, every).map((img: { data: Uint8ClampedArray }) => f.bytesToBase64(img.data)) };
      } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
    }, wire(request), every));
    return frames.map((b64) => ({ width: request.width, height: request.height, data: fromBase64(b64) }));
  });
}

/** In-page jobs return { ok } or { error: { code, message } }; a FudeError keeps its code across the bridge. */
type Settled<T> = { ok: T; error?: undefined } | { ok?: undefined; error: { code?: string; message: string } };
function settle<T>(r: unknown): T {
  const s = r as Settled<T>;
  if (s.error) throw new FudeError((s.error.code as FudeError['code']) ?? 'bad-input', s.error.message);
  return s.ok as T;
}

/** Decodes an image file or buffer in the page and resizes it to exactly width x height. */
export async function decodeIn(session: Session, input: ImageInput, width: number, height: number): Promise<ByteImage> {
  const { bytes, name } = readInput(input);
  const b64 = settle<string>(await session.page.evaluate(async (b64, name, width, height) => {
    try {
      const f = (globalThis as any).fude;
      const img = f.resizeTo(await f.decodeImage(f.base64ToBytes(b64), Math.max(width, height), name), width, height);
      return { ok: f.bytesToBase64(img.data) };
    } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
  }, toBase64(bytes), name, width, height));
  return { width, height, data: fromBase64(b64) };
}
