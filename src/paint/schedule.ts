// The painting's plan: coarse-to-fine stages of new strokes, each with a stroke size, a number of
// optimization steps and the pyramid level (resolution) it runs at. Stage ends include the process
// checkpoints, so the canvas after 10%, 25%, 50% and 75% of the strokes is the end of a stage and is
// optimized as a picture of its own.
import type { PaintOptions } from './options.js';
import type { RefinePart } from './phases.js';
import { REFINE_LARGE_SHARE, RELOCATION_ROUNDS_AT } from './tuning.js';

/** Fractions of the strokes after which the painting process is measured (processPsnr). */
export const PROCESS_FRACTIONS = [0.1, 0.25, 0.5, 0.75] as const;

export interface Stage {
  /** New strokes [from, to) of this run that the stage adds. */
  from: number;
  to: number;
  /** Stroke size, a fraction of the longer side (before the local detail scales it). */
  size: number;
  steps: number;
  /** Pyramid level: 0 is the working resolution, each level halves it. */
  level: number;
}

/** Smallest canvas (longer side, px) a stage runs at, and the shortest stroke (px) it may see there. */
const MIN_LEVEL_SIDE = 64;
const MIN_STROKE_PX = 24;

/** The first stage's share of the strokes (at least FIRST_STAGE_MIN strokes). */
const FIRST_STAGE = 0.015, FIRST_STAGE_MIN = 4;

/**
 * Stage ends: a small first stage, the process checkpoints and the end; then the interval over which
 * the painting grows most (the ratio of its end to its start) is split at the geometric mean until
 * there are `stages`. Strokes per stage thus grow with the painting: few large strokes first, many
 * small ones last, and no stage more than doubles the painting's strokes where stages allow.
 */
export function stageEnds(n: number, stages: number): number[] {
  const firstEnd = Math.min(n, Math.max(FIRST_STAGE_MIN, Math.round(FIRST_STAGE * n)));
  const ends = [...new Set([firstEnd, ...PROCESS_FRACTIONS.map((f) => Math.round(f * n)), n])].filter((e) => e >= firstEnd).sort((a, b) => a - b);
  while (ends.length < stages) {
    let best = -1, ratio = 1;
    ends.forEach((e, k) => {
      if (k > 0 && e - ends[k - 1] >= 2 && e / ends[k - 1] > ratio) { ratio = e / ends[k - 1]; best = k; }
    });
    if (best < 0) break;
    ends.splice(best, 0, Math.round(Math.sqrt(ends[best - 1] * ends[best])));
  }
  return ends;
}

/**
 * Stroke length after `count` strokes, times sqrt(count): with the strokes' widths (init.ts), about
 * what covers the canvas once or twice over. Measured with the widths of today (llvmpipe, eight images,
 * each beside 1.6, the value before, in the same run): 1.1 at 500 strokes @ 256 +0.23 / +0.20 dB
 * (seeds 1-2 / 3-4, 29 of 32 higher) in 12% less time; 200 strokes +0.20 dB; 1000 strokes +0.27 dB
 * (6 of 6 higher) and strokes left invisible 34 -> 5; graffiti 3000 @ 768 the same PSNR in 6% less
 * time. 1.9 lost 0.14 dB; 1.0 and 0.9 scored as 1.1.
 */
const COVER = 1.1;

/** Stroke size after `count` strokes (COVER / sqrt(count)), within the user's limits. */
export function sizeAfter(count: number, o: Pick<PaintOptions, 'minSize' | 'maxSize'>): number {
  return Math.min(o.maxSize, Math.max(o.minSize, COVER / Math.sqrt(Math.max(1, count))));
}

/** The coarsest pyramid level whose canvas still shows a stroke of this size with enough pixels. */
export function levelFor(size: number, longSide: number): number {
  let level = 0;
  while (longSide / 2 ** (level + 1) >= MIN_LEVEL_SIDE && (size * longSide) / 2 ** (level + 1) >= MIN_STROKE_PX) level++;
  return level;
}

export function planStages(o: PaintOptions, longSide: number): Stage[] {
  const ends = stageEnds(o.strokes, o.stages);
  return ends.map((to, k) => {
    const from = k ? ends[k - 1] : 0;
    const size = sizeAfter(to, o);
    return { from, to, size, steps: o.stageSteps, level: levelFor(size, longSide) };
  });
}

/**
 * Most new strokes of a stage between two of its prefix terms. A stage optimized for its end alone is
 * no picture half-way: at 10 000 strokes @ 1024 px (stages of 2500), the canvas 1500 strokes into a
 * stage was up to 3.5 dB worse than at the stage's start; with a term every 625 strokes, at most 0.6 dB
 * (and 1.5 dB in the refined last stage, 3.3 before). Paintings of up to 1000 strokes have no stage
 * this large, so they are unchanged.
 */
export const STAGE_PART = 250;
/** Most prefix terms one pass takes where the GPU has 8 draw buffers (the engine's 6 blocks, less the final canvas). */
export const MAX_PREFIX_TERMS = 5;

/**
 * Ends (in new strokes) inside a stage that split it into parts of at most STAGE_PART strokes, on a GPU
 * whose pass takes `maxTerms` prefix terms: maxTerms - 1 parts at most (4 where it takes 5: the stage
 * boundary before it and 3 of these).
 */
export function stageInnerEnds(stage: Pick<Stage, 'from' | 'to'>, maxTerms = MAX_PREFIX_TERMS, part = STAGE_PART): number[] {
  const parts = Math.min(Math.max(1, maxTerms - 1), Math.ceil((stage.to - stage.from) / part));
  return Array.from({ length: Math.max(0, parts - 1) }, (_, j) => stage.from + Math.round(((j + 1) * (stage.to - stage.from)) / parts));
}

/**
 * The refinement's prefix ends among strokes (from, to) (indices in the painting, whose new strokes
 * start at `first`): the process checkpoints inside, and as many of the stages' inner ends as the pass
 * has room for (`maxTerms` in all), evenly spread.
 */
export function refinePrefixEnds(stages: readonly Stage[], checkpoints: readonly number[], first: number, from: number, to: number, maxTerms = MAX_PREFIX_TERMS): number[] {
  const inside = (e: number) => e > from && e < to;
  const spread = (ends: number[], n: number) => (ends.length <= n ? ends : Array.from({ length: n }, (_, j) => ends[Math.floor(((j + 0.5) * ends.length) / n)]));
  const kept = spread(checkpoints.filter(inside), maxTerms);
  const inner = stages.flatMap((s) => stageInnerEnds(s).map((e) => first + e)).filter(inside);
  return [...kept, ...spread(inner, Math.max(0, maxTerms - kept.length))];
}

/**
 * The joint refinement's parts: a large painting's at half resolution first (REFINE_LARGE_SHARE of the
 * steps), then as many at full; with relocation, the last part is cut at RELOCATION_ROUNDS_AT of its
 * steps, a relocation round after each cut.
 */
export function planRefinement(steps: number, large: boolean, relocate: boolean): RefinePart[] {
  if (steps <= 0) return [];
  const share = Math.max(1, Math.round(REFINE_LARGE_SHARE * steps));
  const parts: RefinePart[] = large ? [{ level: 1, steps: share }, { level: 0, steps: share }] : [{ level: 0, steps }];
  if (!relocate) return parts;
  const last = parts.pop()!;
  const cuts = [...new Set(RELOCATION_ROUNDS_AT.map((at) => Math.min(last.steps, Math.max(1, Math.round(at * last.steps)))))];
  let done = 0;
  for (const cut of cuts) {
    parts.push({ level: last.level, steps: cut - done, relocateAfter: true });
    done = cut;
  }
  if (done < last.steps) parts.push({ level: last.level, steps: last.steps - done });
  return parts;
}

/** Edge width over a phase's steps: 1 + extra x (1 - step / total) pixels, step counted from `from`. */
export interface Anneal { extra: number; from: number; total: number }

/**
 * Extra edge width at the start of a stage and of the joint refinement. A stroke's shape gradients come
 * from a band about the edge width wide (derivations.md), so soft edges let strokes feel a target edge
 * a few pixels away; they harden to 1 px by the phase's end. Measured at 500 @ 256 (llvmpipe, eleven
 * photographs, seeds 1-2) against stages from 2.5 px and a refinement at 1 px throughout: refinement
 * from 2.5 px +0.13 dB (from 1.75 px +0.10, from 4 px +0.10); with stages from 3.5 px +0.20 dB, every
 * photograph higher, the same time (from 5 px +0.15 dB in 1.10x the time); 1 px reached at 80% of the
 * steps and held +0.15, ending at 1.35 px +0.09 (docs/painter.md, "Soft edges in the refinement").
 */
export const STAGE_ANNEAL = 2.5;
export const REFINE_ANNEAL = 1.5;

/** The refinement part n's share of the annealing, which runs across all the parts. */
export function refineAnneal(parts: readonly RefinePart[], n: number): Anneal {
  const from = parts.slice(0, n).reduce((sum, p) => sum + p.steps, 0);
  return { extra: REFINE_ANNEAL, from, total: parts.reduce((sum, p) => sum + p.steps, 0) };
}
