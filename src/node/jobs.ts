// Node's side of painting and rendering: inputs in, the job runs in the headless page, pixels come back.
import { readFileSync, statSync } from 'node:fs';
import { FudeError } from '../errors.js';
import type { Painting, PaintProgress } from '../paint/painter.js';
import { resolveOptions, type PaintOptions } from '../paint/options.js';
import type { ByteImage } from '../paint/image.js';
import type { Stroke } from '../strokes/stroke.js';
import type { StrokesFile } from '../strokes/file.js';
import { openSession, type Session, type SessionOptions } from './session.js';

export type ImageInput = string | Uint8Array;

export interface NodePaintOptions extends Partial<PaintOptions>, SessionOptions {
  onProgress?: (p: PaintProgress) => void;
  signal?: AbortSignal;
  /** Continue a painting: its strokes stay first; new strokes are added on top. */
  initial?: StrokesFile | Stroke[];
  /** Reuse an open session (several jobs, one browser). */
  session?: Session;
}

export interface NodePainting extends Painting {
  /** The target at the working resolution (what PSNR is measured against). */
  target: ByteImage;
}

/** Reads an image input: a path or encoded bytes (PNG, JPEG, WebP, ...). */
export function readInput(input: ImageInput): { bytes: Uint8Array; name: string } {
  if (typeof input !== 'string') return { bytes: input, name: 'the image' };
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
  const { onProgress, signal, session: _s, executablePath: _e, args: _a, browser: _b, initial, ...paintOptions } = options;
  const initialStrokes = initial ? (Array.isArray(initial) ? initial : initial.strokes) : undefined;
  return withSession(options, async (session) => {
    const page = session.page;
    await page.exposeFunction('__fudeProgress', (p: PaintProgress) => onProgress?.(p)).catch(() => {});
    const onAbort = () => { page.evaluate(() => (globalThis as any).__fudeAbort?.abort()).catch(() => {}); };
    signal?.addEventListener('abort', onAbort);
    try {
      const result = settle<{ painting: Painting; target: { width: number; height: number; b64: string } }>(await page.evaluate(async (b64, name, opts, initial) => {
       try {
        const f = (globalThis as any).fude;
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const target = await f.decodeImage(bytes, opts.size ?? f.DEFAULT_PAINT_OPTIONS.size, name);
        const gl = f.getGL(document.createElement('canvas'));
        const abort = new AbortController();
        (globalThis as any).__fudeAbort = abort;
        const painting = await f.paint(gl, target, opts, {
          signal: abort.signal, initial,
          onProgress: (p: unknown) => (globalThis as any).__fudeProgress(p),
        });
        const tb = target.data as Uint8ClampedArray;
        let s = '';
        for (let i = 0; i < tb.length; i += 0x8000) s += String.fromCharCode(...tb.subarray(i, i + 0x8000));
        return { ok: { painting, target: { width: target.width, height: target.height, b64: btoa(s) } } };
       } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
      }, toBase64(bytes), name, paintOptions, initialStrokes ?? null));
      return { ...result.painting, target: { width: result.target.width, height: result.target.height, data: fromBase64(result.target.b64) } };
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
}

/** Renders strokes at a size; returns RGBA bytes. */
export async function render(request: RenderRequest, options: SessionOptions & { session?: Session } = {}): Promise<ByteImage> {
  return withSession(options, async (session) => {
    const b64 = settle<string>(await session.page.evaluate((req) => {
      try {
        const f = (globalThis as any).fude;
        const gl = f.getGL(document.createElement('canvas'));
        const img = f.renderStrokes(gl, req);
        let s = '';
        for (let i = 0; i < img.data.length; i += 0x8000) s += String.fromCharCode(...img.data.subarray(i, i + 0x8000));
        return { ok: btoa(s) };
      } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
    }, request));
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
        return { ok: f.renderProcess(gl, req, every).map((img: { data: Uint8ClampedArray }) => {
          let s = '';
          for (let i = 0; i < img.data.length; i += 0x8000) s += String.fromCharCode(...img.data.subarray(i, i + 0x8000));
          return btoa(s);
        }) };
      } catch (e: any) { return { error: { code: e?.code, message: String(e?.message ?? e) } }; }
    }, request, every));
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
