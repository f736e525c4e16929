// The engine's public shape: its settings, its options and the operations a painter or a test calls.
import { DEFAULT_ADAM, DEFAULT_BOUNDS, DEFAULT_LEARNING_RATES, type AdamSettings, type LearningRates, type ParamBounds } from '../optim/spec.js';
import type { PrefixTerm } from './checkpoints.js';

export type LossKind = 'l1' | 'l2';
export type { PrefixTerm } from './checkpoints.js';

export interface EngineSettings {
  /** Edge width of the coverage ramp in pixels; wider early gives shape gradients a longer reach. */
  sigma: number;
  loss: LossKind;
  lr: LearningRates;
  /** A factor on every learning rate, for schedules (a uniform: changing it costs nothing). */
  lrScale: number;
  bounds: ParamBounds;
  adam: AdamSettings;
  /** Long-range term: weight of the blurred L2 loss (0 = off) and its box blur radius in pixels. */
  blurWeight: number;
  blurRadius: number;
  /**
   * The process objective: besides the final canvas (weight `finalWeight`), the canvas after the first
   * `end` active strokes enters the loss with `weight` (at most 5 terms). Empty: the final canvas only.
   */
  prefixes: PrefixTerm[];
  finalWeight: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  sigma: 1, loss: 'l2', blurWeight: 0, blurRadius: 4, prefixes: [], finalWeight: 1, lrScale: 1,
  lr: DEFAULT_LEARNING_RATES, bounds: DEFAULT_BOUNDS, adam: DEFAULT_ADAM,
};

/** Where an engine's pixels lie in the whole painting (strokes are normalized to the painting). */
export interface PaintingFrame {
  /** The whole painting's size in pixels. */
  width: number;
  height: number;
  /** This engine's first pixel in the painting. */
  x: number;
  y: number;
}

export interface EngineOptions {
  /** The engine's own pixels: the whole painting, or a region of it (see `painting`). */
  width: number;
  height: number;
  /** The painting this engine sees a region of; default: the engine's own size, at 0, 0. */
  painting?: PaintingFrame;
  /** Strokes the engine can hold before it reallocates. */
  capacity?: number;
  /** Tile size in pixels for the per-tile stroke lists. */
  tileSize?: number;
  settings?: Partial<EngineSettings>;
}

/** What the last computeLoss measured (each reduced on the GPU). */
export interface EngineStats {
  /** The objective: the weighted losses of the final canvas and the prefix canvases. */
  objective: number;
  /** Mean squared error of the final canvas over RGB (PSNR = -10 log10 mse). */
  mse: number;
  /** Mean squared error of the canvas after each block but the last (the prefixes), in order, when asked. */
  prefixMse: number[];
  /** Block ends of the gradient forward, in active strokes. */
  blockEnds: number[];
}

/**
 * Adam's state per stroke, in the packed layout (16 floats per stroke): the first and second moments;
 * the first moment of the type slot, which Adam never moves, counts the stroke's steps.
 */
export interface OptimizerState {
  m: Float32Array;
  v: Float32Array;
}

export interface Engine {
  readonly gl: WebGL2RenderingContext;
  readonly width: number;
  readonly height: number;
  readonly painting: Readonly<PaintingFrame>;
  readonly renderer: string;
  readonly count: number;
  readonly settings: Readonly<EngineSettings>;
  configure(settings: Partial<EngineSettings>): void;
  /** Target image, RGBA, row 0 at the top, values in [0,1] (floats) or [0,255] (bytes). */
  setTarget(rgba: Float32Array | Uint8Array | Uint8ClampedArray): void;
  /** The canvas under the active strokes: a flat colour or an RGBA image. */
  setBase(base: [number, number, number] | Float32Array | Uint8Array | Uint8ClampedArray): void;
  /** Makes the current canvas (base + active strokes) the new base, e.g. to freeze a finished stage. */
  freezeCanvas(): void;
  /**
   * Replaces the strokes (packed layout) and resets the optimizer, or sets its `state` (as
   * readOptimizerState gives it, rearranged with the strokes). `frozen` marks strokes that are
   * composited in order but never moved: a number n freezes the first n, an array flags each stroke.
   */
  setStrokes(packed: Float32Array, frozen?: number | ArrayLike<boolean | number>, state?: OptimizerState): void;
  /** The optimizer's state of every stroke, to carry it over a setStrokes that rearranges them. */
  readOptimizerState(): OptimizerState;
  /**
   * Marks which of the current strokes are frozen (composited in order, never moved) and which move,
   * keeping their parameters and the optimizer's moments: an active set that changes between steps.
   */
  setFrozen(frozen: number | ArrayLike<boolean | number>): void;
  /** Moves this engine's region to another place in the painting (same size). */
  setRegion(x: number, y: number): void;
  readStrokes(): Float32Array;
  /** Composites the strokes; `forGradient` (default) also records the checkpoints backward() needs. */
  forward(forGradient?: boolean): void;
  /** The objective and dL/dC of every block (after forward(false): the final canvas' loss only). */
  computeLoss(): void;
  backward(): void;
  adamStep(): void;
  /** forward + loss + backward + Adam. */
  step(): void;
  /** The objective of the last computeLoss (reduced on the GPU, one texel read). */
  readLoss(): number;
  /** What the last computeLoss measured; `prefixes` also measures each prefix canvas (one more pass). */
  readStats(prefixes?: boolean): EngineStats;
  readCanvas(): Float32Array;
  /** The canvas as RGBA bytes (converted on the GPU: a quarter of the read-back of readCanvas). */
  readCanvasBytes(): Uint8Array;
  /**
   * The canvas after the first ends[k] of the strokes, for up to framesPerPass ascending ends, as RGBA bytes (as
   * readCanvasBytes would give them after setting those strokes): the frames of a process from one walk.
   */
  readFramesBytes(ends: readonly number[]): Uint8Array[];
  /** Most frames one readFramesBytes call takes (7, fewer where the GPU has fewer than 8 draw buffers). */
  readonly framesPerPass: number;
  /** dL/dparams of the last backward, 16 floats per stroke in the parameter layout. */
  readGradients(): Float32Array;
  /** Draws the canvas on the default framebuffer (the WebGL canvas). */
  display(): void;
  /**
   * Runs several calls under one save and restore of the app's GL state. Each call otherwise saves
   * and restores it, and some of those queries wait for the GPU process (frames of a process: ~1 ms each).
   */
  batch<T>(work: () => T): T;
  /** Blocks until the GPU is done (one 1-texel read), for timing. */
  sync(): void;
  /**
   * How much of each stroke the final canvas shows: sum over its pixels of T a (its opacity times the
   * transmittance of everything over it), in pixels. One forward and backward; the loss state is spent.
   */
  readContributions(): Float32Array;
  /**
   * readContributions' `atEnd`, and in the same walk `overall`: the same sum over the final canvas and
   * the canvases after the first `alsoAfter[k]` strokes (those after the stroke: the process shows it
   * there). A stroke `overall` does not show does nothing at any of those points of the painting.
   */
  readVisibility(alsoAfter?: readonly number[]): { atEnd: Float32Array; overall: Float32Array };
  /** Bytes of GPU textures the engine holds now, and the most it held at once. */
  textureBytes(): { now: number; peak: number };
  /** Frees the GPU resources; idempotent. Any later call throws. */
  dispose(): void;
}
