// The painter's phases for time left: what each phase moves and what the end is counted as.
import { describe, expect, it } from 'vitest';
import { expectTouchUp, FINAL_STEPS, planPhases, roundCost, ROUND_MOVES, roundsAfter, againAfter, TOUCH_UP_LIKELY, TOUCH_UP_WALKS, VISIBILITY_STEPS } from '../src/paint/phases.js';
import { planRefinement, planStages } from '../src/paint/schedule.js';
import { resolveOptions } from '../src/paint/options.js';
import { TOUCH_UP_STEPS } from '../src/paint/tuning.js';

describe('the phases of a painting', () => {
  const levelsOf = (side: number, n: number) => Array.from({ length: n }, (_, l) => ({ width: side >> l, height: side >> l }));

  it('a 10 000-stroke painting: stages move their strokes and at most the last 1000 of the stage before', () => {
    const o = resolveOptions({ strokes: 10000, size: 1024 });
    const stages = planStages(o, 1024);
    const refineParts = planRefinement(100, true, true);
    const { phases, roundPhases, touchUpPhase, totalSteps, walkScale } = planPhases({ stages, levels: levelsOf(1024, 4), strokes: 10000, refineFrom: 5000, refineParts, windowEarlier: 1000, touchUp: true });
    const last = stages[stages.length - 1];
    expect(phases[stages.length - 1].strokes).toBe(last.to - last.from + 1000);  // 2500 new, 1000 earlier
    expect(phases[stages.length].strokes).toBe(5000);                            // the refinement moves the last 5000
    expect(phases[stages.length].pixels).toBe(512 * 512);                        // its first part at half size
    // the refinement's parts, and only they, have the refinement's cost term
    expect(phases.flatMap((p, i) => (p.refine ? [i] : []))).toEqual([0, 1, 3, 5].map((d) => stages.length + d));
    // the full-size part is cut for two relocation rounds, each costed in steps of the part before it at
    // what it is expected to cost (the second runs only if the first moves strokes); a round walks all
    // 10 000 strokes, twice those of a refinement step, and the larger ones: four times the cost
    expect(refineParts).toEqual([{ level: 1, steps: 65 }, { level: 0, steps: 46, relocateAfter: true }, { level: 0, steps: 9, relocateAfter: true }, { level: 0, steps: 10 }]);
    const k = stages.length;
    expect(walkScale).toBe(4);
    expect([...roundPhases]).toEqual([[1, k + 2], [2, k + 4]]);
    expect(phases.slice(k + 1).map((p) => [p.steps, p.costOf])).toEqual([
      [46, undefined], [roundCost(1, 4), k + 1], [9, undefined], [roundCost(ROUND_MOVES, 4), k + 3], [10, undefined],
      [4 * VISIBILITY_STEPS, k + 5], [TOUCH_UP_LIKELY.planned * TOUCH_UP_STEPS, undefined],
      [TOUCH_UP_LIKELY.planned * TOUCH_UP_WALKS * 4 * VISIBILITY_STEPS, k + 5], [4 * FINAL_STEPS, k + 5],
    ]);
    // the parts after a round go on where it left off; the closing walks (which strokes show, then the
    // final measure) each walk all 10 000 strokes, at four times a refinement step's walk; between them the
    // touch-up (its steps, then its walks of every stroke), counted at its likelihood until it is known
    // whether it runs
    expect(phases.slice(k + 1).map((p) => p.setups ?? 1)).toEqual([1, 0, 0, 0, 0, 0, TOUCH_UP_LIKELY.planned, 0, 0]);
    // once a round runs: after the first of three, a second is as likely as a round that moved as many
    // strokes is to leave some hidden, a third as likely as two such rounds; after the last, none (until
    // one runs, only its first round counts, at the touch-up's likelihood)
    expect([roundsAfter(1, 12), roundsAfter(2, 12), roundsAfter(3, 12)]).toEqual([0.6 + 0.6 ** 2, 0.6, 0]);
    // the more strokes a round moved, the likelier another: 1 stroke 1 in 9, 8 strokes even, 40 strokes 5 in 6
    expect([againAfter(1), againAfter(8), againAfter(40)]).toEqual([1 / 9, 0.5, 40 / 48]);
    expect(touchUpPhase).toBe(k + 7);
    // once it runs: its steps of the strokes it moved, at full size, with a set-up that freezes the rest, per
    // round; and the walks of the round under way and of those expected after it, in steps of the
    // refinement as the visibility walk
    expectTouchUp(phases, touchUpPhase!, levelsOf(1024, 4), 12, 0.02, 1, 2);
    expect(phases[touchUpPhase!]).toEqual({ steps: (2 + againAfter(12)) * TOUCH_UP_STEPS, pixels: 1024 * 1024, work: 12 * (0.02 * 1024) ** 2 * 0.5, strokes: 12, setups: 2 + againAfter(12) });
    expect(phases[touchUpPhase! + 1]).toMatchObject({ steps: (1 + againAfter(12)) * TOUCH_UP_WALKS * 4 * VISIBILITY_STEPS, costOf: k + 5, setups: 0 });
    expect(totalSteps).toBe(stages.reduce((n, s) => n + s.steps, 0) + 130);
  });

  it('no refinement and no relocation: no rounds, no touch-up, and the final measure', () => {
    const o = resolveOptions({ strokes: 200, size: 256, refineSteps: 0 });
    const stages = planStages(o, 256);
    const { phases, touchUpPhase, totalSteps } = planPhases({ stages, levels: levelsOf(256, 3), strokes: 200, refineFrom: 20, refineParts: [], windowEarlier: 1000, touchUp: false });
    expect(phases.length).toBe(stages.length + 2);
    expect(touchUpPhase).toBeUndefined();
    expect(phases.slice(-2)).toMatchObject([{ steps: VISIBILITY_STEPS, costOf: stages.length - 1 }, { steps: FINAL_STEPS, costOf: stages.length - 1 }]);
    expect(totalSteps).toBe(stages.reduce((n, s) => n + s.steps, 0));
  });

  it('the refinement of a small painting: rounds at 70% and 85% of its steps; none without relocation', () => {
    expect(planRefinement(100, false, true)).toEqual([{ level: 0, steps: 70, relocateAfter: true }, { level: 0, steps: 15, relocateAfter: true }, { level: 0, steps: 15 }]);
    expect(planRefinement(100, false, false)).toEqual([{ level: 0, steps: 100 }]);
    // too few steps to cut twice: the rounds fall after the steps that there are
    expect(planRefinement(1, false, true)).toEqual([{ level: 0, steps: 1, relocateAfter: true }]);
    expect(planRefinement(0, false, true)).toEqual([]);
  });
});
