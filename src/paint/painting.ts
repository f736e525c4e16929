// What painting takes and gives: the painting (strokes and measures), its progress reports, and the
// hooks and inputs that steer a run (PaintControl).
import type { Engine } from '../render/engine.js';
import type { Stroke } from '../strokes/stroke.js';
import type { ByteImage, FloatImage } from './image.js';
import type { PaintOptions } from './options.js';

export interface PaintProgress {
  phase: 'stage' | 'refine' | 'done';
  /** Strokes placed so far (all of them during refinement). */
  strokes: number;
  total: number;
  step: number;
  totalSteps: number;
  /** The objective (the final canvas' loss plus the weighted prefix terms). */
  loss: number;
  /** PSNR of the canvas being optimized against the target at its resolution, dB. */
  psnr: number;
  elapsedMs: number;
  /** Estimated time left. */
  etaMs: number;
}

/** PSNR of the painting after its first `strokes` strokes (a fraction of them). */
export interface ProcessPoint { fraction: number; strokes: number; psnr: number }

export interface Painting {
  width: number;
  height: number;
  background: [number, number, number];
  strokes: Stroke[];
  /** PSNR of the strokes re-rendered over the background against the target, dB. */
  psnr: number;
  /** The painting process: PSNR after 10%, 25%, 50% and 75% of the strokes (of the whole list). */
  processPsnr: ProcessPoint[];
  seconds: number;
  /** True when the strokes were painted over a starting canvas image rather than the flat background. */
  overCanvas: boolean;
  /** True when the run was stopped early; the strokes are those painted so far. */
  aborted: boolean;
  /** Strokes that did nothing (showed too little) and were moved to where the error was. */
  relocated: number;
  /** Strokes that still show less than MIN_VISIBLE_PX pixels in the finished painting. */
  invisible: number;
  /**
   * Of those, the ones no process checkpoint after them shows either: they do nothing at any point.
   * The others are underpainting, which the process shows before later strokes cover it.
   */
  unseen: number;
  /** Optimization steps run, over all phases. */
  steps: number;
  /** Most bytes of GPU textures the engines held at once. */
  peakTextureBytes: number;
  options: PaintOptions;
}

/** The canvas strokes are painted on: its working size and flat background colour. */
export interface StrokeCanvas { width: number; height: number; background: [number, number, number] }

export interface PaintControl {
  onProgress?: (p: PaintProgress) => void;
  /** Called after steps with the engine, e.g. to display its canvas. */
  onFrame?: (engine: Engine) => void;
  /** Called whenever strokes are final for now (after each stage and the refinement): a copy, in order, and the canvas they are on. */
  onStrokes?: (strokes: Stroke[], canvas: StrokeCanvas) => void;
  signal?: AbortSignal;
  /** Strokes already painted (continue a painting): they stay first and frozen. */
  initial?: Stroke[];
  /**
   * Paint the rest of a half-done picture: this image (same size as the target) is the canvas under the
   * strokes instead of the flat background (ProcessPainter's semi-to-complete).
   */
  canvas?: ByteImage | FloatImage;
  /**
   * How often progress is reported, in ms of painting (default 250). Each report waits for the GPU, so
   * headless jobs that only print a progress bar use 1000 (measured: 0.5 s less on a 19 s painting).
   */
  progressEveryMs?: number;
  /** Awaited between steps: a pause button returns a promise that resolves on resume. */
  gate?: () => Promise<void> | void;
}
