// What crosses between Node and the headless page: the calls the page answers, the events it posts
// (each tagged with its job, so any number of jobs share one page) and the wire forms of images.
import type { PaintOptions } from '../paint/options.js';
import type { Painting, PaintProgress } from '../paint/painter.js';
import type { Stroke } from '../strokes/stroke.js';
import type { EngineCase } from '../bench/registry.js';
import type { VideoOptions } from '../video/encode.js';
import type { EngineRecord } from '../bench/engine-bench.js';

/** Raw RGBA bytes as base64 (the DevTools protocol carries strings). */
export interface RawImageWire { width: number; height: number; b64: string }
/**
 * Bytes the page answers with: base64, or the id of an upload the page posted to the server that
 * served it (node/page-server.ts), for large ones (bridge/upload.ts).
 */
export type BytesWire = string | { upload: string };
/** An encoded image file (PNG, JPEG, ...): the path the page fetches it from, and the name to use in messages. */
export interface FileWire { path: string; name: string }

export interface PaintRequest {
  jobId: string;
  input: FileWire;
  options: Partial<PaintOptions>;
  initial?: Stroke[];
  /** The canvas the initial strokes were painted on (a strokes file's), whose shape the target must have. */
  initialCanvas?: { width: number; height: number };
  canvas?: FileWire;
  progressEveryMs: number;
}
export interface PaintReply {
  painting: Painting;
  /** The target at the working resolution (what PSNR is measured against). */
  target: { width: number; height: number; bytes: BytesWire };
  /** The starting canvas at the working resolution, when painting over one. */
  base: BytesWire | null;
  /** The input image's own size. */
  source: { width: number; height: number };
}

export interface RenderWire {
  strokes: Stroke[];
  width: number;
  height: number;
  background: [number, number, number];
  base?: RawImageWire;
}
/** A rectangle of the rendered image (large renders come back tile by tile). */
export interface TileRect { x: number; y: number; width: number; height: number }

export interface PageLimits {
  renderer: string;
  maxTextureSize: number;
  /** Largest side of a working canvas a painting may use (the engine's full set of targets fits). */
  maxPaintSize: number;
  /** Most strokes a painting may hold. */
  maxStrokes: number;
  /** Largest side of a rendered PNG (rendered in tiles). */
  maxRenderSize: number;
}

/** The calls the page answers (bridge/page.ts); each resolves or fails with a WireError. */
export interface PageApi {
  limits(): PageLimits;
  paint(req: PaintRequest): Promise<PaintReply>;
  abort(jobId: string): void;
  /** Renders one tile of the strokes at width x height; its RGBA bytes. */
  renderTile(req: RenderWire, tile: TileRect): Promise<BytesWire>;
  /** Frames of the painting process: the canvas after the first ends[k] strokes, as RGBA bytes. */
  renderFrames(req: RenderWire, ends: number[]): Promise<BytesWire[]>;
  /**
   * The same frames as an animated GIF, encoded in the page so that only the GIF crosses (56 frames at
   * 256 px are 10 MB of RGBA), and the last frame (the painting) as RGBA bytes.
   */
  renderGif(req: RenderWire, ends: number[], srgb?: string): Promise<{ gif: BytesWire; last: BytesWire }>;
  /** The same frames encoded as a video file (WebCodecs and mediabunny). */
  renderVideo(req: RenderWire, ends: number[], video: VideoOptions, srgb?: string): Promise<BytesWire>;
  /**
   * A PNG that carries a colour profile (paint/srgb.ts's grid), decoded to sRGB by the browser's colour
   * management: its RGBA bytes, the table that `srgb` (base64) above converts the GIF's and video's frames with.
   */
  srgbTable(grid: FileWire): Promise<BytesWire>;
  /** Decodes an image file and resizes it to exactly width x height; its RGBA bytes. */
  decode(file: FileWire, width: number, height: number): Promise<BytesWire>;
  /** The benchmark registry's engine cases, and one case timed on this page's GPU. */
  engineCases(): EngineCase[];
  runEngineCase(c: EngineCase): EngineRecord;
}

export type PageEvent =
  | { jobId: string; kind: 'progress'; progress: PaintProgress }
  /** The strokes painted so far, packed (16 floats each) as base64: whatever happens next, they are safe. */
  | { jobId: string; kind: 'strokes'; packed: string; count: number; canvas: { width: number; height: number; background: [number, number, number] } };

/** A failure in the page, as it crosses: a FudeError keeps its code; anything else keeps its stack. */
export interface WireError { code?: string; message: string; stack?: string }
export type WireResult<T> = { ok: T } | { error: WireError };

/** The name of the function Node exposes in the page for events. */
export const EVENT_FUNCTION = '__fudeEvent';
