// Messages between the page and its painting worker. Every request has an id; the worker answers with
// events for that id (progress, frames, rows) and one `result` or `error`; `cancel` stops it.
import type { Painting, PaintOptions, PaintProgress } from '../src/index.js';
import type { EngineRecord } from '../src/bench/engine-bench.js';

export interface Limits { renderer: string; software: boolean; maxTextureSize: number; maxPngSize: number }

export type Request =
  | { type: 'init' }
  | { type: 'decode'; blob: Blob; name: string; size: number }
  | { type: 'paint'; blob: Blob; name: string; options: Partial<PaintOptions> }
  | { type: 'pause' } | { type: 'resume' }
  | { type: 'replay'; painting: Painting; strokes: number; width: number; height: number }
  | { type: 'curve'; painting: Painting; target: Uint8ClampedArray; points: number }
  | { type: 'png'; painting: Painting; longerSide: number }
  | { type: 'gif'; painting: Painting }
  | { type: 'video'; painting: Painting; format: 'mp4' | 'webm' }
  | { type: 'bench-engine' }
  | { type: 'bench-quality'; images: { name: string; blob: Blob }[] };

export type Reply =
  | { id: number; type: 'progress'; progress: PaintProgress }
  | { id: number; type: 'frame'; bitmap: ImageBitmap }
  | { id: number; type: 'busy'; done: number; total: number; etaMs: number; what: string }
  | { id: number; type: 'engine-row'; record: EngineRecord }
  | { id: number; type: 'quality-row'; row: { image: string; strokes: number; psnr: number; ssim: number; seconds: number } }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'error'; code?: string; message: string };

/** A PSNR curve of the painting process: PSNR after each number of strokes. */
export interface Curve { strokes: number[]; psnr: number[] }
