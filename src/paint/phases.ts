// The painter's phases as the estimate of time left sees them: each stage, the parts of the refinement
// and the relocation rounds between them, and the final measure, each with what predicts its cost
// (progress.ts).
import type { Phase } from './progress.js';
import type { Stage } from './schedule.js';
import { TOUCH_UP_ROUNDS, TOUCH_UP_STEPS } from './tuning.js';

/**
 * What a relocation round costs, in steps of the refinement part before it, per stroke walked over
 * strokes refined (roundCost): a measure of every stroke's contribution (MEASURE_COST), and when it
 * finds strokes, moving them to the end, which freezes the others again (MOVE_COST). Since the
 * refinement moves the coarsest strokes too, its steps cost more against the walks: traced on 18
 * paintings from 200 @ 256 to 2000 @ 1024 (SwiftShader, 2026-12-04, traces -c), a measure that found
 * nothing took 1.0-1.6 steps (2 assumed before), a round that moved strokes 1.5-1.8 (5 before).
 */
export const MEASURE_COST = 1.3, MOVE_COST = 0.4;

/**
 * The closing walks of every stroke at full size, with their reads, in steps of the last phase that ran
 * steps, per stroke walked over strokes that phase moved: which strokes show (a forward and a backward),
 * then the final measure (a gradient forward). The same 18 paintings: 1.0-1.3 and 0.4-0.7 steps (1.9
 * and 0.8 assumed before, when the refinement left its coarsest tenth out).
 */
export const VISIBILITY_STEPS = 1.1, FINAL_STEPS = 0.6;

/**
 * How likely a relocation round that runs is to move strokes (and the next round to run): of 24
 * paintings (8 images at 200, 500 and 1000 strokes @ 256, llvmpipe), the first round moved strokes in
 * 12 of the 20 where relocations were left, the second in 2 of 12.
 */
export const ROUND_MOVES = 0.5;
/**
 * What a round that runs with probability `runs` is expected to cost, in steps, when a walk of every
 * stroke costs `walkScale` walks of the strokes the refinement moves (PhasePlan.walkScale).
 */
export const roundCost = (runs: number, walkScale = 1) => runs * walkScale * (MEASURE_COST + ROUND_MOVES * MOVE_COST);
/** What a round that ran cost, in steps: a measure, and the move if it found strokes. */
export const roundRan = (movedAny: boolean, walkScale = 1) => walkScale * (MEASURE_COST + (movedAny ? MOVE_COST : 0));

/**
 * Sets the steps of the rounds after phase `after` (all of them for -1) to what they are expected to
 * cost: the next one runs, each later one only if the one before moved strokes; none once `over`.
 */
export function expectRounds(phases: Phase[], roundPhases: ReadonlyMap<number, number>, after: number, over: boolean, walkScale = 1): void {
  let runs = 1;
  for (const k of roundPhases.values()) {
    if (k <= after) continue;
    phases[k].steps = over ? 0 : roundCost(runs, walkScale);
    runs *= ROUND_MOVES;
  }
}

/** A part of the refinement: its pyramid level and steps, and whether a relocation round follows it. */
export interface RefinePart {
  level: number;
  steps: number;
  relocateAfter?: boolean;
}

/** Whether part n goes on after a relocation round, on the same engine and level: no set-up of its own. */
export const followsRound = (parts: readonly RefinePart[], n: number) => n > 0 && parts[n - 1].relocateAfter === true;

export interface PhasePlanInput {
  stages: Stage[];
  /** The pyramid's sizes, level 0 first. */
  levels: { width: number; height: number }[];
  /** New strokes of this run, and the first of them the refinement moves (counted from the run's first). */
  strokes: number;
  refineFrom: number;
  /** Refinement parts in order; empty when there is no refinement. */
  refineParts: RefinePart[];
  /** Strokes of the stage before that a stage moves again (its last ones), at most. */
  windowEarlier: number;
  /** Whether a touch-up may follow the refinement (painter.ts): expectTouchUp() sets what it is expected to cost. */
  touchUp: boolean;
}

export interface PhasePlan {
  phases: Phase[];
  /**
   * The phase of the relocation round after each refinement part that has one (by part), counted at
   * its expected cost (roundCost) until it is known whether it runs and moves strokes.
   */
  roundPhases: Map<number, number>;
  /** The touch-up's phase, if one is planned; its walks are the phase after it. */
  touchUpPhase?: number;
  /**
   * What a walk of every stroke (a relocation round's measure, the closing walks) costs, over one of the
   * strokes a refinement step moves (walkCost): 4 at 10 000 strokes, whose refinement moves the last 5000.
   */
  walkScale: number;
  /** Optimization steps the painting runs, for the progress bar. */
  totalSteps: number;
}

/**
 * How likely the touch-up is to run (painter.ts: strokes still hidden at the end, relocations left),
 * before the refinement's last round and after it, by whether that round moved strokes. SwiftShader,
 * eight images at 1000 @ 256: it ran in 3 (after 2 of the 2 last rounds that moved strokes, and 1 of the
 * 6 that did not); at 200 and 500, in none of 16.
 */
export const TOUCH_UP_LIKELY = { planned: 0.15, afterMoves: 0.8, afterNone: 0.15 } as const;

/**
 * The walk of every stroke after a touch-up round's steps, which strokes show, in visibility walks (the
 * phase before the touch-up's): 4.7 s against 4.08 s at 10 000 @ 1024 (SwiftShader). The forward before
 * the steps, the canvas under the moved strokes for their sites (1.06 s there), is the round's set-up,
 * which the time outside steps already counts (Phase.setups); counted here too (1.3 until 2026-12-05),
 * it made the last seconds' estimate higher still.
 */
export const TOUCH_UP_WALKS = 1.1;

/**
 * How likely a touch-up round that moved `moved` strokes is to leave strokes hidden, so that another
 * follows (while rounds are left): the more strokes it placed, the more of those that barely showed it
 * covers. Of 20 rounds traced on 2026-12-05 (llvmpipe, rocket, coffee, leuven and building at 1000 @ 256,
 * seeds 1-6; SwiftShader, graffiti 10 000 @ 1024), another followed 5 of the 6 that moved 13-42
 * strokes, 1 of the 3 that moved 6-9 and 1 of the 11 that moved 1-2; moved / (moved + 8) expects 7.6
 * of those 7. A flat 0.6 before (from rocket at 1000 strokes alone) had the last seconds of the
 * 10 000, whose round moved 2 strokes and whose walks of every stroke take 3 s each, estimated at 2.6x
 * the truth.
 */
const TOUCH_UP_AGAIN_HALF = 8;
export const againAfter = (moved: number) => moved / (moved + TOUCH_UP_AGAIN_HALF);
/** The rounds expected after round `begun` (1 for the first), which moved `moved` strokes, while rounds are left. */
export const roundsAfter = (begun: number, moved: number) => {
  const again = againAfter(moved);
  let more = 0;
  for (let r = begun, p = again; r < TOUCH_UP_ROUNDS; r++, p *= again) more += p;
  return more;
};

/**
 * Sets the touch-up's phases (`k`, and its walks at k + 1) to what they are expected to cost: `rounds`
 * rounds of TOUCH_UP_STEPS each (a set-up that freezes the others, then steps of `count` strokes of
 * `size`, a fraction of the long side, at full resolution over the frozen rest; and the round's walk
 * after them, TOUCH_UP_WALKS of the visibility walk at k - 1), or a share `likely` of one round when it is not
 * known yet whether the touch-up runs. Once a round runs (`likely` 1), the rounds expected after it
 * (roundsAfter) count too; before, they did not pay: counted at the likelihood of the first round, they
 * overestimated the last seconds of 11 of the quality bench's 24 paintings, where no stroke stayed
 * hidden, by 0.1-0.6 s (SwiftShader, 2026-12-04 14:20). At 10 000 @ 1024 the walks cost 3x the
 * steps: counted in the steps, they had made a step look like 266 ms.
 */
export function expectTouchUp(phases: Phase[], k: number, levels: PhasePlanInput['levels'], count: number, size: number, likely = 1, rounds = 1): void {
  const { width, height } = levels[0];
  const more = likely === 1 ? roundsAfter(rounds, count) : 0;
  phases[k] = { steps: likely * (rounds + more) * TOUCH_UP_STEPS, pixels: width * height, work: count * (size * Math.max(width, height)) ** 2 * 0.5, strokes: count, setups: likely * (rounds + more) };
  // the walks still to come: the round's own (those of the rounds before it are done) and the later rounds'
  phases[k + 1] = { ...phases[k - 1], steps: likely * (1 + more) * TOUCH_UP_WALKS * phases[k - 1].steps };
}

/** The touch-up round under way (phase `k`) has walked its strokes: none of its walks is left to come. */
export function touchUpWalksDone(phases: Phase[], k: number): void {
  phases[k + 1].steps = 0;
}

/**
 * What a walk of every stroke costs against a walk of the strokes a refinement step moves, when there
 * are `ratio` times as many: the strokes a large painting's refinement leaves out are its earliest,
 * larger than the rest and in deeper checkpoint blocks, so the walk costs more than in proportion. At
 * 10 000 @ 1024 (ratio 2) a relocation round that moved strokes took 6.2 steps of the refinement on
 * SwiftShader and 5.4-6.4 on llvmpipe, and the closing walks 7.7 steps on llvmpipe, where the strokes'
 * ratio (2 x 1.7 steps, 2 x 1.7) had counted 3.4: time left was then 25-43% short through the
 * painting's last quarter on SwiftShader (2026-12-05). The square counts 6.8 for each.
 */
export const walkCost = (ratio: number) => ratio ** 2;

export function planPhases(p: PhasePlanInput): PhasePlan {
  const { stages, levels, refineParts } = p;
  const side = (level: number) => Math.max(levels[level].width, levels[level].height);
  const pixels = (level: number) => levels[level].width * levels[level].height;
  // the pixels a stage's strokes cover at a level (half of each stroke's square)
  const area = (s: Stage, level: number) => (s.to - s.from) * (s.size * side(level)) ** 2 * 0.5;
  const phases: Phase[] = stages.map((s, k) => {
    const before = k > 0 ? stages[k - 1].to - stages[k - 1].from : 0;
    const earlier = Math.min(p.windowEarlier, before);
    return {
      steps: s.steps, pixels: pixels(s.level), strokes: s.to - s.from + earlier,
      work: area(s, s.level) + (earlier ? (area(stages[k - 1], s.level) * earlier) / before : 0),
    };
  });
  // the refinement's work: the area of the strokes it moves (each stage's share from refineFrom on)
  const refinedShare = (s: Stage) => Math.max(0, Math.min(1, (s.to - p.refineFrom) / Math.max(1, s.to - s.from)));
  const refineWork = stages.reduce((sum, s) => sum + area(s, 0) * refinedShare(s), 0);
  // the work outside steps, counted in steps of the refinement part before it (or the last phase)
  const like = (k: number, steps: number): Phase => ({ steps, pixels: phases[k].pixels, work: 0, strokes: 0, setups: 0, costOf: k });
  const roundPhases = new Map<number, number>();
  refineParts.forEach((part, n) => {
    // a part after a round goes on at the same level: its set-up is the round's
    const setups = followsRound(refineParts, n) ? 0 : 1;
    phases.push({ steps: part.steps, pixels: pixels(part.level), work: refineWork * 0.25 ** part.level, strokes: p.strokes - p.refineFrom, setups, refine: true });
    if (part.relocateAfter) {
      roundPhases.set(n, phases.length);
      phases.push(like(phases.length - 1, 0));
    }
  });
  const walked = refineParts.length ? p.strokes - p.refineFrom : p.strokes;
  const walkScale = walkCost(p.strokes / Math.max(1, walked));
  expectRounds(phases, roundPhases, -1, false, walkScale);
  // the closing walks, in steps of the last phase that ran steps, scaled by what a walk of every stroke
  // costs (walkCost): which strokes show (in the touch-up's phase, if one is planned) and the final measure
  let last = phases.length - 1;
  while (last > 0 && phases[last].costOf !== undefined) last--;
  const closing = (steps: number) => like(last, steps * walkScale);
  phases.push(closing(VISIBILITY_STEPS));
  // the touch-up's steps, then its walks (expectTouchUp)
  const touchUpPhase = p.touchUp ? phases.push({ steps: 0, pixels: 0, work: 0 }, { steps: 0, pixels: 0, work: 0 }) - 2 : undefined;
  if (touchUpPhase !== undefined) expectTouchUp(phases, touchUpPhase, levels, 1, 0, TOUCH_UP_LIKELY.planned);
  phases.push(closing(FINAL_STEPS));
  const totalSteps = stages.reduce((n, s) => n + s.steps, 0) + refineParts.reduce((n, r) => n + r.steps, 0);
  return { phases, roundPhases, touchUpPhase, totalSteps, walkScale };
}
