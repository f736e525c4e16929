// Painter options: the one place their defaults and limits live (the CLI's help, the page's form and
// the benchmarks read them from here), and validation with one clear message per mistake.
import { describeValue, FudeError } from '../errors.js';
import type { LossKind } from '../render/engine.js';
import { DEFAULT_LEARNING_RATES, type LearningRates } from '../optim/spec.js';
import { STROKE_TYPES, type StrokeType } from '../strokes/layout.js';

export type Background = 'white' | 'black' | 'mean' | [number, number, number] | string;

export interface PaintOptions {
  /** Number of strokes in the result. */
  strokes: number;
  /** Stroke type, or several to mix (assigned in turn). */
  type: StrokeType | StrokeType[];
  /** Longer side of the working resolution in pixels, or 'full' for the image's own size (capped by the GPU). */
  size: number | 'full';
  /** Flat canvas colour: white, black, the target's mean colour, '#rrggbb' or [r,g,b] in [0,1]. */
  background: Background;
  /** Alpha fixed at 1, so the painting can be repainted by hand. */
  opaque: boolean;
  /**
   * Bristle texture of brush strokes, 0 (flat) to 1: streaks along each stroke, deeper towards its dry
   * end. A textured stroke shows some of what is under it, so it costs PSNR (see the README's figures).
   */
  bristles: number;
  /**
   * Smallest and largest stroke size as fractions of the longer side, in (0, 1]. The smallest bounds a
   * stroke's width too: 0.005 (1.3 px at 256) lets thin strokes draw edges and lines. Measured against
   * 0.01 (llvmpipe, eight images, seeds 1-3): 500 strokes @ 256 +0.27 dB on average (every prefix of
   * the process higher too), 1000 strokes +0.51 dB, 200 strokes -0.05 dB, graffiti 3000 @ 768 +1.17 dB,
   * each in the same time or less; 0.0035 and 0.0025 scored as 0.005.
   */
  minSize: number;
  maxSize: number;
  seed: number;
  loss: LossKind;
  /**
   * Weight of the long-range term (blurred L2, radius about a quarter of the stage's stroke size) in
   * the first half of each stage's steps: it pulls strokes towards paint that is missing. 0 turns it off.
   * Off by default: measured at 500 strokes @ 256 (llvmpipe, 2026-12-05, eleven photographs, seeds 1
   * and 2), weight 1 gave -0.05 dB on average (coffee +0.02, leuven +0.12, the rest -0.12 to 0) for
   * 1.44x the time (its blurs need the unfused forward); error-driven placement already starts strokes
   * where paint is missing. (From 2026-11-25 to 2026-12-05 the painter read this option and did not
   * use it.)
   */
  longRange: number;
  /**
   * Weight of the process objective: the canvas at every stage boundary and process checkpoint (10%,
   * 25%, 50%, 75% of the strokes) inside the strokes being optimized enters the loss with this weight
   * beside the final canvas' 1, so every prefix of the painting is a good picture. 0 optimizes the
   * final canvas alone.
   */
  process: number;
  /** Move strokes that show too little in the canvas to where the error is (after each stage and halfway through the refinement). */
  relocate: boolean;
  /** Size each new stroke from the detail where it lands (smaller where the picture is busy, larger where flat). */
  detailSizes: boolean;
  /** Number of coarse-to-fine stages. */
  stages: number;
  /** Stages optimized together: each stage also refines the strokes of the previous window - 1 stages. */
  window: number;
  /**
   * Optimization steps per stage. 40 with 60 refinement steps, against 45 and 70 (2026-12-04): the
   * whole command's time is the narrower of the painterly issue's two margins (aloe at 0.497x primitive's
   * time in a slow stretch, its PSNR 0.45 dB above the 2.5 dB asked). Measured at 500 @ 256, eight
   * images: llvmpipe (seeds 2-3, alternating order) -0.094 dB for 0.87x the painting's time, the 10% and
   * 25% prefixes -0.00 and -0.03 dB; each alone -0.05 dB (0.95x for the stages, 0.98x for the
   * refinement); SwiftShader (seed 1) -0.135 dB for 0.89x; graffiti 3000 @ 768 -0.24 dB for 0.93x
   * (docs/painter.md, "Fewer steps, for the time margin").
   */
  stageSteps: number;
  /**
   * Steps of the final joint refinement. From a working size of 512 px on, it runs 0.65x this many at
   * half resolution, then as many at full resolution (better and faster than all at full resolution).
   */
  refineSteps: number;
  /**
   * Fraction of the new strokes, the coarsest, left out of the final refinement, in [0, 1). A painting
   * of more than 5000 strokes refines its last 5000 at most (the refinement's cost follows its strokes).
   * None by default (measured with 70 refinement steps, the default then): against 0.1 with 100
   * (llvmpipe, eight images, seed 1), 500 strokes @ 256 +0.34 dB (every image higher, +0.21 to +0.49;
   * the same time), 1000 strokes +0.38 dB (4% more time), 200 strokes +0.31 dB; graffiti 3000 @ 768
   * +0.31 dB in 6% more time. With 100 steps it gained +0.42 dB at 500 for 20% more time; 0.02 with
   * 100 steps +0.34 dB for 7% more.
   */
  refineFreeze: number;
  /** Adam's learning rates per parameter group (`colour` is accepted for `color`). */
  lr: Partial<LearningRates>;
}

/** Most strokes in one painting. */
export const MAX_STROKES = 50_000;
/** Working sizes, in pixels of the longer side (the GPU may allow less: see the Node side's limits). */
export const SIZE_RANGE = [8, 8192] as const;

export const DEFAULT_PAINT_OPTIONS: PaintOptions = {
  strokes: 500,
  type: 'brush',
  size: 256,
  background: 'mean',
  opaque: false,
  bristles: 0,
  minSize: 0.005,
  maxSize: 0.5,
  seed: 1,
  loss: 'l2',
  longRange: 0,
  process: 0.5,
  relocate: true,
  detailSizes: true,
  stages: 10,
  window: 2,
  stageSteps: 40,
  refineSteps: 60,
  refineFreeze: 0,
  lr: { ...DEFAULT_LEARNING_RATES },
};

/** The painter's option names: every option has a default. */
export const PAINT_OPTION_NAMES = Object.keys(DEFAULT_PAINT_OPTIONS) as (keyof PaintOptions)[];

/** The painter's options among others (a Node call's controls and browser settings), set or not. */
export function pickPaintOptions(given: Partial<PaintOptions>): Partial<PaintOptions> {
  return Object.fromEntries(PAINT_OPTION_NAMES.filter((k) => k in given).map((k) => [k, given[k]]));
}

/**
 * Refuses keys that are no option (`strokez`), with the nearest option's name: code that passes
 * options as a plain object would otherwise lose a typo without a word. Keys set to undefined are
 * left out, as everywhere else.
 */
export function checkOptionNames(given: object, also: readonly string[] = []): void {
  const known = [...PAINT_OPTION_NAMES, ...also];
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined || known.includes(k)) continue;
    const near = known.map((name) => [name, editDistance(k.toLowerCase(), name.toLowerCase())] as const).sort((a, b) => a[1] - b[1])[0];
    fail(`unknown option "${k}"${near && near[1] <= Math.max(2, k.length / 3) ? ` (did you mean ${near[0]}?)` : ''}: the options are ${known.join(', ')}`);
  }
}

/** Levenshtein distance, for the suggestion above. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** Learning rates accept this range: above it Adam's steps throw strokes off the canvas in a few steps. */
export const LR_RANGE = [0, 1] as const;

const fail = (msg: string): never => { throw new FudeError('bad-option', msg); };
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

/** Every paint option, the defaults under those given; other keys (a Node call's session, signal) are left out. */
export function resolveOptions(partial: Partial<PaintOptions> = {}): PaintOptions {
  const given = stripUndefined(pickPaintOptions(partial));
  const o: PaintOptions = { ...DEFAULT_PAINT_OPTIONS, ...given, lr: resolveLr(given.lr) };
  if (!isInt(o.strokes) || o.strokes < 1 || o.strokes > MAX_STROKES) fail(`strokes must be a whole number from 1 to ${MAX_STROKES}, got ${describeValue(o.strokes)}`);
  if (o.size !== 'full' && (!isInt(o.size) || o.size < SIZE_RANGE[0] || o.size > SIZE_RANGE[1])) {
    fail(`size (working resolution, longer side) must be a whole number of pixels from ${SIZE_RANGE[0]} to ${SIZE_RANGE[1]}, or full, got ${describeValue(o.size)}`);
  }
  const types = Array.isArray(o.type) ? o.type : [o.type];
  if (types.length === 0) fail('type needs at least one stroke type');
  for (const t of types) if (!STROKE_TYPES.includes(t)) fail(`unknown stroke type "${t}": use ${STROKE_TYPES.join(', ')} (or several, comma-separated)`);
  for (const k of ['minSize', 'maxSize'] as const) {
    if (typeof o[k] !== 'number' || !(o[k] > 0 && o[k] <= 1)) fail(`${k} must be in (0, 1] (a fraction of the canvas' longer side), got ${describeValue(o[k])}`);
  }
  if (o.minSize > o.maxSize) fail(`minSize (${o.minSize}) is larger than maxSize (${o.maxSize})`);
  if (!(typeof o.bristles === 'number' && o.bristles >= 0 && o.bristles <= 1)) fail(`bristles must be a number from 0 (flat brush strokes) to 1, got ${describeValue(o.bristles)}`);
  if (!isInt(o.seed)) fail(`seed must be a whole number, got ${describeValue(o.seed)}`);
  if (!(typeof o.longRange === 'number' && o.longRange >= 0 && o.longRange <= 100)) fail(`longRange must be a number from 0 to 100, got ${describeValue(o.longRange)}`);
  if (!(typeof o.process === 'number' && o.process >= 0 && o.process <= 100)) fail(`process must be a number from 0 to 100, got ${describeValue(o.process)}`);
  if (o.loss !== 'l1' && o.loss !== 'l2') fail(`loss must be l1 or l2, got ${describeValue(o.loss)}`);
  for (const k of ['stages', 'window', 'stageSteps', 'refineSteps'] as const) {
    if (!isInt(o[k]) || o[k] < 0 || o[k] > 100000) fail(`${k} must be a whole number from 0 to 100000, got ${describeValue(o[k])}`);
  }
  if (o.stages < 1) fail(`stages must be at least 1, got ${describeValue(o.stages)}`);
  if (!(o.refineFreeze >= 0 && o.refineFreeze < 1)) fail(`refineFreeze must be in [0, 1), got ${describeValue(o.refineFreeze)}`);
  if (o.window < 1 || o.window > 5) fail(`window must be from 1 to 5 stages, got ${describeValue(o.window)}`);
  parseBackground(o.background, [0, 0, 0]);
  return { ...o, type: types };
}

/** Learning rates over the defaults, each a number in LR_RANGE; `colour` is taken for `color`. */
function resolveLr(lr: (Partial<LearningRates> & { colour?: number }) | undefined): LearningRates {
  const { colour, ...rest } = lr ?? {};
  const out: LearningRates = { ...DEFAULT_LEARNING_RATES, ...(colour !== undefined ? { color: colour } : {}), ...stripUndefined(rest) };
  for (const [k, v] of Object.entries(out)) {
    if (!(k in DEFAULT_LEARNING_RATES)) fail(`unknown learning-rate group "${k}": use ${Object.keys(DEFAULT_LEARNING_RATES).join(', ')}`);
    if (typeof v !== 'number' || !(v >= LR_RANGE[0] && v <= LR_RANGE[1])) fail(`learning rate ${k} must be a number from ${LR_RANGE[0]} to ${LR_RANGE[1]}, got ${describeValue(v)}`);
  }
  return out;
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
