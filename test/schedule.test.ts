// The painting's plan: where a stage of many strokes gets prefix terms of its own, and which of them the
// refinement keeps (a pass takes at most 5).
import { describe, expect, it } from 'vitest';
import { planStages, PROCESS_FRACTIONS, refinePrefixEnds, stageInnerEnds, STAGE_PART } from '../src/paint/schedule.js';
import { resolveOptions } from '../src/paint/options.js';

describe('prefix terms inside stages', () => {
  it('a stage of at most STAGE_PART new strokes has none; a larger one is split evenly, into 4 parts at most', () => {
    expect(stageInnerEnds({ from: 100, to: 100 + STAGE_PART })).toEqual([]);
    expect(stageInnerEnds({ from: 0, to: 600 })).toEqual([200, 400]);
    expect(stageInnerEnds({ from: 2500, to: 5000 })).toEqual([3125, 3750, 4375]);
  });

  it('paintings of up to 1000 strokes have no stage that gets any (so they paint as before)', () => {
    for (const strokes of [200, 500, 1000]) {
      const stages = planStages(resolveOptions({ strokes }), 256);
      expect(stages.flatMap((s) => stageInnerEnds(s))).toEqual([]);
    }
  });

  it('the refinement keeps every checkpoint inside it and fills the rest of 5 terms with inner ends, spread', () => {
    const n = 10000, first = 0;
    const stages = planStages(resolveOptions({ strokes: n, size: 1024 }), 1024);
    const checkpoints = PROCESS_FRACTIONS.map((f) => Math.round(f * n));
    const ends = refinePrefixEnds(stages, checkpoints, first, 5000, n);
    expect(ends).toHaveLength(5);
    expect(ends).toContain(7500);
    const inner = ends.filter((e) => e !== 7500);
    expect(inner.every((e) => e > 5000 && e < n && e !== 7500)).toBe(true);
    expect(Math.min(...inner)).toBeLessThan(7500);  // from both of the refined stages
    expect(Math.max(...inner)).toBeGreaterThan(7500);
    // a 500-stroke painting: its checkpoints only, as before
    const small = planStages(resolveOptions({ strokes: 500 }), 256);
    expect(refinePrefixEnds(small, PROCESS_FRACTIONS.map((f) => Math.round(f * 500)), 0, 50, 500)).toEqual([125, 250, 375]);
  });
});

describe('prefix terms on a GPU with fewer draw buffers', () => {
  it('a pass that takes 3 terms gets 1 inner end per large stage, one of 2 none; the refinement with 2: its checkpoint and 1 more', () => {
    expect(stageInnerEnds({ from: 2500, to: 5000 }, 3)).toEqual([3750]);
    expect(stageInnerEnds({ from: 2500, to: 5000 }, 2)).toEqual([]);
    const stages = planStages(resolveOptions({ strokes: 10000, size: 1024 }), 1024);
    const ends = refinePrefixEnds(stages, PROCESS_FRACTIONS.map((f) => Math.round(f * 10000)), 0, 5000, 10000, 2);
    expect(ends).toHaveLength(2);
    expect(ends[0]).toBe(7500);
    // a 500-stroke painting's three checkpoints inside its refinement: two of them, spread
    const small = planStages(resolveOptions({ strokes: 500 }), 256);
    expect(refinePrefixEnds(small, PROCESS_FRACTIONS.map((f) => Math.round(f * 500)), 0, 50, 500, 2)).toEqual([125, 375]);
  });
});
