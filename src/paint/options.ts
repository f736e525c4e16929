// Painter options: defaults, validation with one clear message per mistake.
import { FudeError } from '../errors.js';
import type { LossKind } from '../render/engine.js';
import type { LearningRates } from '../optim/spec.js';
import { STROKE_TYPES, type StrokeType } from '../strokes/layout.js';

export type Background = 'white' | 'black' | 'mean' | [number, number, number] | string;

export interface PaintOptions {
  /** Number of strokes in the result. */
  strokes: number;
  /** Stroke type, or several to mix (assigned in turn). */
  type: StrokeType | StrokeType[];
  /** Longer side of the working resolution in pixels. */
  size: number;
  /** Flat canvas colour: white, black, the target's mean colour, '#rrggbb' or [r,g,b] in [0,1]. */
  background: Background;
  /** Alpha fixed at 1, so the painting can be repainted by hand. */
  opaque: boolean;
  /** Smallest and largest stroke size as fractions of the longer side, in (0, 1]. */
  minSize: number;
  maxSize: number;
  seed: number;
  loss: LossKind;
  /**
   * Weight of the long-range term (blurred L2, radius about a quarter of the stage's stroke size) in
   * the first half of each stage's steps: it pulls strokes towards paint that is missing. 0 turns it off.
   * Off by default: measured at 500 strokes, weight 1 gave +0.03 dB (astronaut) and +0.17 dB (coffee)
   * for 5-10% more time, weight 4 lost 0.08-0.24 dB; error-driven placement already starts strokes
   * where paint is missing.
   */
  longRange: number;
  /**
   * Weight of the process objective: the canvas at every stage boundary and process checkpoint (10%,
   * 25%, 50%, 75% of the strokes) inside the strokes being optimized enters the loss with this weight
   * beside the final canvas' 1, so every prefix of the painting is a good picture. 0 optimizes the
   * final canvas alone.
   */
  process: number;
  /** Size each new stroke from the detail where it lands (smaller where the picture is busy, larger where flat). */
  detailSizes: boolean;
  /** Move strokes that show too little in the canvas to where the error is (after each stage and halfway through the refinement). */
  relocate: boolean;
  /** Number of coarse-to-fine stages. */
  stages: number;
  /** Stages optimized together: each stage also refines the strokes of the previous window - 1 stages. */
  window: number;
  /** Optimization steps per stage and for the final joint refinement of all strokes. */
  stageSteps: number;
  refineSteps: number;
  /** Fraction of the new strokes, the coarsest, left out of the final refinement, in [0, 1). */
  refineFreeze: number;
  lr: Partial<LearningRates>;
}

export const DEFAULT_PAINT_OPTIONS: PaintOptions = {
  strokes: 500,
  type: 'rect',
  size: 256,
  background: 'mean',
  opaque: false,
  minSize: 0.01,
  maxSize: 0.5,
  seed: 1,
  loss: 'l2',
  longRange: 0,
  process: 1,
  relocate: true,
  detailSizes: true,
  stages: 10,
  window: 2,
  stageSteps: 45,
  refineSteps: 80,
  refineFreeze: 0.1,
  lr: {},
};

const fail = (msg: string): never => { throw new FudeError('bad-option', msg); };
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

export function resolveOptions(partial: Partial<PaintOptions> = {}): PaintOptions {
  const o: PaintOptions = { ...DEFAULT_PAINT_OPTIONS, ...stripUndefined(partial) };
  if (!isInt(o.strokes) || o.strokes < 1 || o.strokes > 8000) fail(`strokes must be a whole number from 1 to 8000, got ${o.strokes}`);
  if (!isInt(o.size) || o.size < 8 || o.size > 4096) fail(`size (working resolution, longer side) must be a whole number of pixels from 8 to 4096, got ${o.size}`);
  const types = Array.isArray(o.type) ? o.type : [o.type];
  if (types.length === 0) fail('type needs at least one stroke type');
  for (const t of types) if (!STROKE_TYPES.includes(t)) fail(`unknown stroke type "${t}": use ${STROKE_TYPES.join(', ')} (or several, comma-separated)`);
  for (const k of ['minSize', 'maxSize'] as const) {
    if (typeof o[k] !== 'number' || !(o[k] > 0 && o[k] <= 1)) fail(`${k} must be in (0, 1] (a fraction of the canvas' longer side), got ${o[k]}`);
  }
  if (o.minSize > o.maxSize) fail(`minSize (${o.minSize}) is larger than maxSize (${o.maxSize})`);
  if (!isInt(o.seed)) fail(`seed must be a whole number, got ${o.seed}`);
  if (!(typeof o.longRange === 'number' && o.longRange >= 0)) fail(`longRange must be a number >= 0, got ${o.longRange}`);
  if (!(typeof o.process === 'number' && o.process >= 0 && o.process <= 100)) fail(`process must be a number from 0 to 100, got ${o.process}`);
  if (o.loss !== 'l1' && o.loss !== 'l2') fail(`loss must be l1 or l2, got ${o.loss}`);
  for (const k of ['stages', 'window', 'stageSteps', 'refineSteps'] as const) {
    if (!isInt(o[k]) || o[k] < 0 || o[k] > 100000) fail(`${k} must be a whole number >= 0, got ${o[k]}`);
  }
  if (o.stages < 1) fail(`stages must be at least 1, got ${o.stages}`);
  if (!(o.refineFreeze >= 0 && o.refineFreeze < 1)) fail(`refineFreeze must be in [0, 1), got ${o.refineFreeze}`);
  if (o.window < 1) fail(`window must be at least 1 stage, got ${o.window}`);
  parseBackground(o.background, [0, 0, 0]);
  return { ...o, type: types };
}

/** The background as RGB in [0,1]; `mean` is the target's mean colour. */
export function parseBackground(bg: Background, mean: [number, number, number]): [number, number, number] {
  if (Array.isArray(bg)) {
    if (bg.length === 3 && bg.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) return [bg[0], bg[1], bg[2]];
    return fail(`background colour must be three numbers in [0, 1], got ${JSON.stringify(bg)}`);
  }
  if (bg === 'white') return [1, 1, 1];
  if (bg === 'black') return [0, 0, 0];
  if (bg === 'mean') return mean;
  const m = /^#?([0-9a-f]{6})$/i.exec(bg);
  if (m) {
    const n = parseInt(m[1], 16);
    return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
  }
  return fail(`background must be white, black, mean, #rrggbb or [r,g,b], got "${bg}"`);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
