// The painter's phases for time left: what each phase moves and what the end is counted as.
import { describe, expect, it } from 'vitest';
import { closingCostThrough, FINAL_COST, MEASURE_COST, MOVE_COST, planPhases } from '../src/paint/phases.js';
import { planStages } from '../src/paint/schedule.js';
import { resolveOptions } from '../src/paint/options.js';

describe('the phases of a painting', () => {
  const levelsOf = (side: number, n: number) => Array.from({ length: n }, (_, l) => ({ width: side >> l, height: side >> l }));

  it('a 10 000-stroke painting: stages move their strokes and at most the last 1000 of the stage before', () => {
    const o = resolveOptions({ strokes: 10000, size: 1024 });
    const stages = planStages(o, 1024);
    const { phases, closingPhase, totalSteps } = planPhases({
      stages, levels: levelsOf(1024, 4), strokes: 10000, refineFrom: 5000,
      refineParts: [{ level: 1, steps: 65 }, { level: 0, steps: 65 }], windowEarlier: 1000, closing: true, closingSteps: 15,
    });
    const last = stages[stages.length - 1];
    expect(phases[stages.length - 1].strokes).toBe(last.to - last.from + 1000);  // 2500 new, 1000 earlier
    expect(phases[stages.length].strokes).toBe(5000);                            // the refinement moves the last 5000
    expect(phases[stages.length].pixels).toBe(512 * 512);                        // its first part at half size
    // the end: the closing's first measure, then the final measure, both costed as refinement steps
    expect(phases.slice(closingPhase).map((p) => [p.steps, p.costOf])).toEqual([[MEASURE_COST, stages.length + 1], [FINAL_COST, stages.length + 1]]);
    expect(totalSteps).toBe(stages.reduce((n, s) => n + s.steps, 0) + 130 + 15);
  });

  it('no refinement: the end is counted in steps of the last stage, with no closing', () => {
    const o = resolveOptions({ strokes: 200, size: 256, refineSteps: 0 });
    const stages = planStages(o, 256);
    const { phases, totalSteps } = planPhases({ stages, levels: levelsOf(256, 3), strokes: 200, refineFrom: 20, refineParts: [], windowEarlier: 1000, closing: false, closingSteps: 15 });
    expect(phases.length).toBe(stages.length + 1);
    expect(phases[phases.length - 1]).toMatchObject({ steps: FINAL_COST, costOf: stages.length - 1 });
    expect(totalSteps).toBe(stages.reduce((n, s) => n + s.steps, 0));
  });

  it('a closing round that moves strokes adds its move, the next measure and half the next move, the last round none', () => {
    expect(closingCostThrough(0, 3)).toBe(2 * MEASURE_COST + MOVE_COST + 0.5 * (MOVE_COST + MEASURE_COST));
    expect(closingCostThrough(1, 3)).toBe(3 * MEASURE_COST + 2 * MOVE_COST + 0.5 * MOVE_COST);
    expect(closingCostThrough(2, 3)).toBe(3 * (MEASURE_COST + MOVE_COST));
    // no relocations left: no next round
    expect(closingCostThrough(0, 3, false)).toBe(MEASURE_COST + MOVE_COST);
  });
});
