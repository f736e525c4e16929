// The painter's phases as the estimate of time left sees them: each stage, the parts of the refinement,
// the closing relocation and the final measure, each with what predicts its cost (progress.ts).
import type { Phase } from './progress.js';
import type { Stage } from './schedule.js';

/**
 * What the end costs in steps of the last full-size phase (the refinement): a measure of every stroke's
 * contribution (MEASURE_COST), and for a closing round that finds strokes to move, the freeze of the
 * others and its steps for those (MOVE_COST); then the final measure (FINAL_COST). Measured on 13
 * paintings from 300 @ 256 to 3000 @ 768 (llvmpipe and SwiftShader): the closing took 1.8-2.4 steps when
 * its first measure found nothing, 7.6-9.7 when one round moved strokes, 10.9-13.6 when two did; the
 * final measure 2.7-4.0.
 */
export const MEASURE_COST = 2, MOVE_COST = 3, FINAL_COST = 3;

/**
 * The closing's expected cost once its rounds 0..round have found strokes to move (of `rounds` at most):
 * their measures and moves, and the next round's measure when there is one and relocations are left to
 * spend. Whether that next round moves strokes too cannot be foreseen (of the 13 paintings above, some
 * closings stopped after one moving round and some after two; graffiti took two at 3000 @ 768 and one
 * at 2000 @ 1024), so half of its move and of the measure after it is counted: the estimate then misses
 * by half a round either way, not by a whole one.
 */
export const closingCostThrough = (round: number, rounds: number, relocationsLeft = true) => {
  const next = relocationsLeft && round + 1 < rounds;
  const after = round + 2 < rounds ? MEASURE_COST : 0;
  return (MEASURE_COST + MOVE_COST) * (round + 1) + (next ? MEASURE_COST + 0.5 * (MOVE_COST + after) : 0);
};

export interface PhasePlanInput {
  stages: Stage[];
  /** The pyramid's sizes, level 0 first. */
  levels: { width: number; height: number }[];
  /** New strokes of this run, and the first of them the refinement moves (counted from the run's first). */
  strokes: number;
  refineFrom: number;
  /** Refinement parts (pyramid level, steps); empty when there is no refinement. */
  refineParts: { level: number; steps: number }[];
  /** Strokes of the stage before that a stage moves again (its last ones), at most. */
  windowEarlier: number;
  /** Whether strokes are relocated after the refinement, and the steps of a closing round. */
  closing: boolean;
  closingSteps: number;
}

export interface PhasePlan {
  phases: Phase[];
  /** Index of the closing's phase (its steps grow as rounds move strokes). */
  closingPhase: number;
  /** Optimization steps the painting runs, for the progress bar. */
  totalSteps: number;
}

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
  for (const part of refineParts) phases.push({ steps: part.steps, pixels: pixels(part.level), work: refineWork * 0.25 ** part.level, strokes: p.strokes - p.refineFrom });
  // the end, counted in steps of the last full-size phase: the closing's first measure (a round that
  // moves strokes adds its cost and the next measure's when it starts), then the measure of the painting
  const lastFull = phases.length - 1;
  const endOf = (steps: number): Phase => ({ steps, pixels: pixels(0), work: 0, strokes: 0, setups: 0, costOf: lastFull });
  const closingPhase = phases.length;
  if (p.closing) phases.push(endOf(MEASURE_COST));
  phases.push(endOf(FINAL_COST));
  const totalSteps = stages.reduce((n, s) => n + s.steps, 0) + refineParts.reduce((n, r) => n + r.steps, 0) + (p.closing ? p.closingSteps : 0);
  return { phases, closingPhase, totalSteps };
}
