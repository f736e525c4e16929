// Node's side of painting and rendering: inputs in, the job runs in the headless page, pixels come back.
// Every painting is a job with its own id, so several share one session: each gets only its own
// progress and strokes, and aborting one stops that one alone.
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { describeValue, FudeError } from '../errors.js';
import type { Painting, PaintProgress, StrokeCanvas } from '../paint/painter.js';
import { checkOptionNames, pickPaintOptions, resolveOptions, type PaintOptions } from '../paint/options.js';
import type { ByteImage } from '../paint/image.js';
import { unpackStrokes, type Stroke } from '../strokes/stroke.js';
import { parseStrokesFile, toStrokesFile, type StrokesFile } from '../strokes/file.js';
import { frameEnds, renderTiles } from '../paint/render.js';
import type { VideoOptions } from '../video/encode.js';
import type { RenderWire } from '../bridge/protocol.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { bytesFrom, serveFile, toBase64 } from './page-server.js';
import { srgbTableFor } from './srgb-table.js';

/** A path, encoded bytes, or bytes already read with the name to use in messages. */
export type ImageInput = string | Uint8Array | { bytes: Uint8Array; name: string };

/** What paint() takes besides the paint options (NodePaintOptions and SessionOptions below): a name not here nor a paint option is a mistake. */
export const NODE_PAINT_KEYS = ['onProgress', 'onStrokes', 'signal', 'initial', 'canvas', 'session', 'progressEveryMs', 'browser', 'watchdogMs', 'executablePath', 'args', 'renderer', 'isolate'] as const satisfies readonly Exclude<keyof NodePaintOptions, keyof PaintOptions>[];
/** true when `Listed` names every key of `All`: a list of option names that fell behind its interface fails to compile. */
export type ListsAll<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const nodeKeysListed: ListsAll<Exclude<keyof NodePaintOptions, keyof PaintOptions>, (typeof NODE_PAINT_KEYS)[number]> = true;

export interface NodePaintOptions extends Partial<PaintOptions>, SessionOptions {
  onProgress?: (p: PaintProgress) => void;
  /** The strokes painted so far, whenever a stage or the refinement finishes (the latest is what an interruption keeps). */
  onStrokes?: (strokes: Stroke[], canvas: StrokeCanvas) => void;
  /**
   * Stops the painting: it returns the strokes painted so far with `aborted: true`. A signal already
   * aborted returns at once, with no strokes painted (and no browser started when no session is given).
   */
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
  /** The renderer the painting ran on. */
  renderer: string;
  /** The input image's own size (0 when the painting never started). */
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Why a path given as input cannot be read: a web address (fude reads files), a file that is not
 * there (`missing` says which kind of thing was expected), or no permission.
 */
export function unreadable(path: string, e: unknown, missing: string, what = 'the image'): FudeError {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !/^file:/i.test(path)) return new FudeError('bad-input', `${path} is a web address: fude reads files, so download ${what} first`);
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' || code === 'ENOTDIR' ? missing
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder'
        : code ?? (e as Error)?.message;
  return new FudeError('io', `cannot read ${path}: ${why}`);
}

/** Reads an image input: a path or encoded bytes (PNG, JPEG, WebP, ...). */
export function readInput(input: ImageInput): { bytes: Uint8Array; name: string } {
  if (input instanceof Uint8Array) return { bytes: input, name: 'the image' };
  if (typeof input !== 'string') {
    if (input && typeof input === 'object' && input.bytes instanceof Uint8Array && typeof input.name === 'string') return input;
    throw new FudeError('bad-input', `the image must be a file path, its encoded bytes (a Uint8Array or Buffer) or { bytes, name }; got ${describeValue(input)}`);
  }
  let stat: Stats;
  try {
    stat = statSync(input);
  } catch (e) {
    throw unreadable(input, e, 'no such file');
  }
  if (stat.isDirectory()) throw new FudeError('bad-input', `${input} is a folder, not an image (to paint every image in a folder: fude batch, or paintBatch)`);
  const size = stat.size;
  if (size === 0) throw new FudeError('bad-input', `${input} is empty (0 bytes)`);
  try {
    return { bytes: readFileSync(input), name: input };
  } catch (e) {
    throw unreadable(input, e, 'no such file'); // a file we may list but not read: permission denied
  }
}

export async function withSession<T>(options: SessionOptions & { session?: Session }, job: (s: Session) => Promise<T>): Promise<T> {
  const session = options.session ?? (await openSession(options));
  try {
    return await job(session);
  } finally {
    if (!options.session) await session.close();
  }
}

/** The painting of nothing: what an abort before the start returns. */
function notStarted(options: PaintOptions, initial: Stroke[], renderer: string): NodePainting {
  return {
    width: 0, height: 0, background: [1, 1, 1], strokes: [...initial], psnr: NaN, processPsnr: [], seconds: 0, overCanvas: false,
    aborted: true, relocated: 0, invisible: 0, unseen: 0, steps: 0, peakTextureBytes: 0, options, target: { width: 0, height: 0, data: new Uint8Array(0) }, renderer, sourceWidth: 0, sourceHeight: 0,
  };
}

/** Paints an image in headless Chromium. An abort returns the strokes painted so far (aborted: true). */
export async function paint(input: ImageInput, options: NodePaintOptions = {}): Promise<NodePainting> {
  const { bytes, name } = readInput(input);
  checkOptionNames(options, NODE_PAINT_KEYS);
  const resolved = resolveOptions(options); // bad options fail before a browser starts
  const { onProgress, onStrokes, signal, initial, canvas, progressEveryMs = 1000 } = options;
  const paintOptions = pickPaintOptions(options); // what the page's painter takes; the rest is Node's
  const initialStrokes = initial ? (Array.isArray(initial) ? initial : initial.strokes) : [];
  // a strokes file continues over its own background (unless another is asked for) and on a picture of its shape
  const file = initial && !Array.isArray(initial) && initial.strokes.length ? initial : undefined;
  if (file && options.background === undefined) paintOptions.background = [...file.canvas.background];
  if (signal?.aborted) return notStarted(resolved, initialStrokes, options.session?.renderer ?? '');
  const start = canvas !== undefined ? readInput(canvas) : undefined;
  return withSession(options, async (session) => {
    if (signal?.aborted) return notStarted(resolved, initialStrokes, session.renderer);
    checkPaintLimits(resolved, initialStrokes.length, session);
    const jobId = randomUUID();
    // the abort goes to the page once, and again (at most every second) while the job still reports
    // progress after it: an abort call lost on its way must not leave the job painting to its end
    let abortSentAt = -Infinity;
    const onAbort = () => { abortSentAt = Date.now(); session.call('abort', jobId).catch(() => {}); };
    const off = session.onEvent(jobId, (e) => {
      if (signal?.aborted && Date.now() - abortSentAt > 1000) onAbort();
      if (e.kind === 'progress') onProgress?.(e.progress);
      else onStrokes?.(unpackStrokes(new Float32Array(bytesFrom(e.packed).buffer), e.count), e.canvas);
    });
    signal?.addEventListener('abort', onAbort);
    const served = await serveFile(bytes), servedCanvas = start ? await serveFile(start.bytes) : undefined;
    try {
      const reply = await session.call('paint', {
        jobId, input: { path: served.path, name }, options: paintOptions, progressEveryMs,
        ...(initialStrokes.length ? { initial: initialStrokes } : {}),
        ...(file ? { initialCanvas: { width: file.canvas.width, height: file.canvas.height } } : {}),
        ...(start && servedCanvas ? { canvas: { path: servedCanvas.path, name: start.name } } : {}),
      });
      const { width, height } = reply.target;
      return {
        ...reply.painting, target: { width, height, data: bytesFrom(reply.target.bytes) }, renderer: session.renderer, sourceWidth: reply.source.width, sourceHeight: reply.source.height,
        ...(reply.base ? { base: { width, height, data: bytesFrom(reply.base) } } : {}),
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      off();
      served.release();
      servedCanvas?.release();
    }
  });
}

/** Sizes and counts this session's GPU cannot take fail before any work, one clear line each. */
export function checkPaintLimits(o: PaintOptions, initial: number, session: Session): void {
  const { maxPaintSize, maxStrokes } = session.limits;
  if (o.size !== 'full' && o.size > maxPaintSize) {
    throw new FudeError('bad-option', `size ${o.size} px is more than this GPU can paint at (${maxPaintSize} px on ${session.renderer}): pick a smaller --size`);
  }
  if (o.strokes + initial > maxStrokes) {
    throw new FudeError('bad-option', `${initial} strokes to continue from and ${o.strokes} more make ${o.strokes + initial}: a painting holds at most ${maxStrokes}`);
  }
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
function wire(req: RenderRequest): RenderWire {
  // strokes and background as a strokes file would have them: a bad one is named here, not inside the page
  parseStrokesFile(toStrokesFile({ width: req.width, height: req.height, background: req.background }, req.strokes), 'render request');
  const { base, ...rest } = req;
  return base ? { ...rest, base: { width: base.width, height: base.height, b64: toBase64(base.data as Uint8Array) } } : rest;
}

/** Renders strokes at a size (in tiles when large); returns RGBA bytes. */
export async function render(request: RenderRequest, options: SessionOptions & { session?: Session } = {}): Promise<ByteImage> {
  const req = wire(request); // a bad request fails before a browser starts
  return withSession(options, async (session) => {
    const { width, height } = request;
    const max = session.limits.maxRenderSize;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1 && width <= max && height <= max)) {
      throw new FudeError('bad-option', `cannot render ${width}x${height}: sizes go from 1 to ${max} px per side here`);
    }
    const data = new Uint8Array(width * height * 4);
    for (const tile of renderTiles(width, height)) {
      const bytes = bytesFrom(await session.call('renderTile', req, tile));
      for (let y = 0; y < tile.height; y++) data.set(bytes.subarray(y * tile.width * 4, (y + 1) * tile.width * 4), ((tile.y + y) * width + tile.x) * 4);
    }
    return { width, height, data };
  });
}

/** Frames of the painting process: the canvas after the first ends[k] strokes (see frameEnds). */
export async function renderFrames(request: RenderRequest, ends: number[], options: SessionOptions & { session?: Session } = {}): Promise<ByteImage[]> {
  const req = wire(request);
  return withSession(options, async (session) => {
    const frames = await session.call('renderFrames', req, ends);
    return frames.map((b) => ({ width: request.width, height: request.height, data: bytesFrom(b) }));
  });
}

/**
 * What a GIF or video of a painting may be told besides: the ICC profile of the photograph it was
 * painted from (paintToFiles passes the input's). Their viewers show sRGB, so their frames are then
 * converted to it, and look as painting.png, which carries the profile, does.
 */
export interface FramesColourOptions { iccProfile?: Uint8Array }

/** The base64 table for the page that converts frames to sRGB, or undefined (no profile, or an sRGB one). */
async function srgbWire(session: Session, profile: Uint8Array | undefined): Promise<string | undefined> {
  const table = await srgbTableFor(session, profile);
  return table && toBase64(table);
}

/**
 * The painting process as an animated GIF (encoded in the page), and its last frame: the painting at the
 * request's size (in the colours painted, not converted).
 */
export async function renderGif(request: RenderRequest, ends: number[], options: SessionOptions & FramesColourOptions & { session?: Session } = {}): Promise<{ gif: Uint8Array; last: ByteImage }> {
  const req = wire(request);
  return withSession(options, async (session) => {
    const { gif, last } = await session.call('renderGif', req, ends, await srgbWire(session, options.iccProfile));
    return { gif: bytesFrom(gif), last: { width: request.width, height: request.height, data: bytesFrom(last) } };
  });
}

/** Frames of the painting process (one after every `every` strokes). */
export async function renderProcess(request: RenderRequest, every: number, options: SessionOptions & { session?: Session } = {}): Promise<ByteImage[]> {
  return renderFrames(request, frameEnds(request.strokes.length, { every }), options);
}

/** The painting process as a video file (MP4 or WebM bytes), encoded in the page with WebCodecs. */
export async function renderVideo(request: RenderRequest, ends: number[], video: VideoOptions, options: SessionOptions & FramesColourOptions & { session?: Session } = {}): Promise<Uint8Array> {
  const req = wire(request);
  return withSession(options, async (session) => bytesFrom(await session.call('renderVideo', req, ends, video, await srgbWire(session, options.iccProfile))));
}

/** Decodes an image file or buffer in the page and resizes it to exactly width x height. */
export async function decodeIn(session: Session, input: ImageInput, width: number, height: number): Promise<ByteImage> {
  const { bytes, name } = readInput(input);
  const served = await serveFile(bytes);
  try {
    return { width, height, data: bytesFrom(await session.call('decode', { path: served.path, name }, width, height)) };
  } finally {
    served.release();
  }
}
