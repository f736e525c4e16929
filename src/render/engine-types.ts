// The engine's public shape: its settings, its options and the operations a painter or a test calls.
import type { AdamSettings, LearningRates, ParamBounds } from '../optim/spec.js';

export type LossKind = 'l1' | 'l2';

export interface EngineSettings {
  /** Edge width of the coverage ramp in pixels; wider early gives shape gradients a longer reach. */
  sigma: number;
  loss: LossKind;
  lr: LearningRates;
  bounds: ParamBounds;
  adam: AdamSettings;
  /** Long-range term: weight of the blurred L2 loss (0 = off) and its box blur radius in pixels. */
  blurWeight: number;
  blurRadius: number;
}

export interface EngineOptions {
  width: number;
  height: number;
  /** Strokes the engine can hold before it reallocates. */
  capacity?: number;
  /** Tile size in pixels for the per-tile stroke lists. */
  tileSize?: number;
  settings?: Partial<EngineSettings>;
}

export interface Engine {
  readonly gl: WebGL2RenderingContext;
  readonly width: number;
  readonly height: number;
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
  /** Replaces the active strokes (packed layout) and resets the optimizer. */
  setStrokes(packed: Float32Array): void;
  readStrokes(): Float32Array;
  /** Composites the active strokes; `forGradient` (default) also records what backward() needs. */
  forward(forGradient?: boolean): void;
  computeLoss(): void;
  backward(): void;
  adamStep(): void;
  /** forward + loss + backward + Adam. */
  step(): void;
  /** Loss of the last computeLoss (reduced on the GPU, one texel read). */
  readLoss(): number;
  readCanvas(): Float32Array;
  /** dL/dparams of the last backward, 16 floats per stroke in the parameter layout. */
  readGradients(): Float32Array;
  /** Draws the canvas on the default framebuffer (the WebGL canvas). */
  display(): void;
  /** Blocks until the GPU is done (one 1-texel read), for timing. */
  sync(): void;
  dispose(): void;
}
