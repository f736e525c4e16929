// Progress and time left. Steps cost very different amounts: a coarse stage at a quarter of the
// resolution runs ten times faster than the joint refinement of every stroke. So each phase's cost per
// step is modelled as a*pixels + b*work (work: the pixels its active strokes cover), a and b are fitted
// to the steps measured so far, and time left is the sum over what remains.

export interface Phase {
  steps: number;
  /** Pixels of the canvas the phase runs at. */
  pixels: number;
  /** Pixels that its active strokes cover (summed over strokes): what the walks and the backward visit. */
  work: number;
}

export interface Eta {
  /** `steps` steps of phase `phase` took `ms` of painting time. */
  measured(phase: number, steps: number, ms: number): void;
  /** Time left from the start of step `step` of phase `phase`. */
  remainingMs(phase: number, step: number): number;
}

/** Priors (ms per pixel, ms per covered pixel), measured under SwiftShader on 2 cores; refitted as steps are timed. */
const PRIOR = { a: 8e-5, b: 6e-5 };

export function createEta(phases: Phase[]): Eta {
  // least squares of ms/step = a p + b w, per measured step, with a weak pull towards the prior's ratio
  let spp = 0, spw = 0, sww = 0, sp = 0, sw = 0;
  const prior = 4; // the prior counts as this many steps of a 256² stage
  const p0 = 65536, w0 = 3 * 65536, y0 = PRIOR.a * p0 + PRIOR.b * w0;
  spp += prior * p0 * p0; spw += prior * p0 * w0; sww += prior * w0 * w0; sp += prior * p0 * y0; sw += prior * w0 * y0;
  let a = PRIOR.a, b = PRIOR.b;
  const perStep = (ph: Phase) => Math.max(0.05, a * ph.pixels + b * ph.work);
  // measured ms/step of each phase, which beats the model for the phase itself
  const seen = new Map<number, { steps: number; ms: number }>();
  return {
    measured(phase, steps, ms) {
      if (steps <= 0) return;
      const ph = phases[phase];
      const y = ms / steps;
      spp += steps * ph.pixels * ph.pixels; spw += steps * ph.pixels * ph.work; sww += steps * ph.work * ph.work;
      sp += steps * ph.pixels * y; sw += steps * ph.work * y;
      const det = spp * sww - spw * spw;
      if (Math.abs(det) > 1e-9) {
        a = Math.max(0, (sp * sww - sw * spw) / det);
        b = Math.max(0, (sw * spp - sp * spw) / det);
      }
      const s = seen.get(phase) ?? { steps: 0, ms: 0 };
      seen.set(phase, { steps: s.steps + steps, ms: s.ms + ms });
    },
    remainingMs(phase, step) {
      let total = 0;
      phases.forEach((ph, k) => {
        if (k < phase) return;
        const left = k === phase ? Math.max(0, ph.steps - step) : ph.steps;
        const s = seen.get(k);
        const cost = s && s.steps >= 3 ? s.ms / s.steps : perStep(ph);
        total += left * cost;
      });
      return total;
    },
  };
}
