// The estimate of time left: within ±25% of the truth once a fifth of the job is done, in every phase,
// for a painting whose phases cost very different amounts per step (fast stages at a quarter of the
// resolution, a slow joint refinement at full resolution), on a machine slower or faster than the priors.
import { describe, expect, it } from 'vitest';
import { createEta, type Phase } from '../src/paint/progress.js';
import { seededRandom } from '../src/paint/image.js';

/** A painting's phases: `stages` stages of growing work at 1/4, 1/2 and full resolution, then a refinement. */
function plan(size: number, strokes: number): Phase[] {
  const phases: Phase[] = [];
  for (let k = 0; k < 8; k++) {
    const level = k < 3 ? 2 : k < 6 ? 1 : 0;
    const px = (size >> level) ** 2;
    phases.push({ steps: 45, pixels: px, work: (strokes / 8) * px * 0.02 * (k + 1) });
  }
  phases.push({ steps: 100, pixels: size * size, work: strokes * size * size * 0.01 });
  return phases;
}

/**
 * Runs the phases with per-step costs from `cost` (plus 10% noise) and `setupMs` before each phase's
 * steps, reporting every `every` steps, and
 * returns the worst relative error of the estimate once a fifth of the time has passed (ignoring the
 * last report interval, where the truth is smaller than one report's time).
 */
function simulate(phases: Phase[], cost: (p: Phase) => number, setupMs = 0, every = 8): { worst: number; at: string } {
  const random = seededRandom(3);
  const times = phases.map((p) => Array.from({ length: p.steps }, () => cost(p) * (0.9 + 0.2 * random())));
  const total = times.flat().reduce((a, b) => a + b, 0) + setupMs * phases.length;
  const eta = createEta(phases);
  let elapsed = 0, worst = 0, at = '';
  phases.forEach((_, k) => {
    elapsed += setupMs; // seeding the phase's strokes: painting time outside any step
    for (let s = 0; s < times[k].length; s += every) {
      const chunk = times[k].slice(s, s + every);
      const ms = chunk.reduce((a, b) => a + b, 0);
      elapsed += ms;
      eta.measured(k, chunk.length, ms);
      const truth = total - elapsed;
      if (elapsed < total / 5 || truth < 2 * ms) continue;
      const err = Math.abs(eta.remainingMs(k, Math.min(s + every, times[k].length), elapsed) - truth) / truth;
      if (err > worst) { worst = err; at = `phase ${k}, step ${s + every}, ${Math.round(elapsed)} of ${Math.round(total)} ms`; }
    }
  });
  return { worst, at };
}

describe('the estimate of time left', () => {
  const phases = plan(512, 3000);
  // per step: a fixed cost, a cost per pixel and one per covered pixel, unlike the priors
  const machines: [string, (p: Phase) => number][] = [
    ['a machine like the priors', (p) => 1.5 + 6e-5 * p.pixels + 3e-5 * p.work],
    ['a machine three times as fast', (p) => (1.5 + 6e-5 * p.pixels + 3e-5 * p.work) / 3],
    ['a machine where covered pixels cost 4x the prior', (p) => 2 + 5e-5 * p.pixels + 1.2e-4 * p.work],
    ['a machine with a large fixed cost per step', (p) => 12 + 2e-5 * p.pixels + 2e-5 * p.work],
  ];
  it('counts the time between steps (each phase seeded for 1 s)', () => {
    const cost = machines[0][1];
    const { worst, at } = simulate(phases, cost, 1000);
    console.log(`work between steps: worst error ${(worst * 100).toFixed(1)}% (${at})`);
    expect(worst).toBeLessThanOrEqual(0.25);
  });
  for (const [name, cost] of machines) {
    it(`is within 25% once a fifth is done, on ${name}`, () => {
      const slowest = Math.max(...phases.map(cost)), fastest = Math.min(...phases.map(cost));
      expect(slowest / fastest).toBeGreaterThan(5); // a slow and a fast phase
      const { worst, at } = simulate(phases, cost);
      console.log(`${name}: worst error ${(worst * 100).toFixed(1)}% (${at})`);
      expect(worst).toBeLessThanOrEqual(0.25);
    });
  }
  it('counts an end without steps in steps of the phase it names (costOf)', () => {
    // the painting's end: no steps of its own, but passes as costly as 12 steps of the refinement
    const withEnd: Phase[] = [...phases, { steps: 12, pixels: 512 * 512, work: 0, setups: 0, costOf: phases.length - 1 }];
    const eta = createEta(withEnd);
    const cost = machines[2][1];
    withEnd.slice(0, -1).forEach((p, k) => eta.measured(k, p.steps, p.steps * cost(p)));
    const refine = phases[phases.length - 1];
    // at the end of the refinement, what is left is the end: 12 of its (measured) steps
    expect(eta.remainingMs(phases.length - 1, refine.steps)).toBeCloseTo(12 * cost(refine), 6);
    // a phase costed as another learns nothing from steps of its own kind
    eta.measured(phases.length, 50, 1);
    expect(eta.remainingMs(phases.length, 0)).toBeCloseTo(12 * cost(refine), 6);
  });
});
