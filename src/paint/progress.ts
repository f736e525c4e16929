// Progress and time left. Steps cost very different amounts: a coarse stage at a quarter of the
// resolution runs ten times faster than the joint refinement of every stroke. So each phase's cost per
// step is modelled as c + a*pixels + b*work (work: the pixels its active strokes cover), fitted by least
// squares to the steps measured so far (weighted by steps, pulled towards priors while few phases are
// measured), and time left is the measured cost of the phase under way plus the model's for the rest.

export interface Phase {
  steps: number;
  /** Pixels of the canvas the phase runs at. */
  pixels: number;
  /** Pixels that its active strokes cover (summed over strokes): what the walks and the backward visit. */
  work: number;
  /**
   * How many times the painting works outside steps for this phase (seeding a stage, relocating,
   * measuring the result): 1 unless given.
   */
  setups?: number;
  /** A phase whose steps cost what this one's do (its measured rate, once it has one), instead of the model's. */
  costOf?: number;
}

export interface Eta {
  /** `steps` steps of phase `phase` took `ms` of painting time. */
  measured(phase: number, steps: number, ms: number): void;
  /**
   * Time left from the start of step `step` of phase `phase`. With `elapsedMs` (the painting's time so
   * far), the time it spent outside the measured steps (seeding a stage, relocation, compiling a level's
   * programs), per phase begun, is added for each phase still to come.
   */
  remainingMs(phase: number, step: number, elapsedMs?: number): number;
}

/** Priors: ms per step, per pixel and per covered pixel (measured under SwiftShader on 2 cores, 256² brush paintings). */
const PRIOR = [1.5, 6e-5, 3e-5];
/** How many steps' worth of evidence the prior counts as, at a 256² stage. */
const PRIOR_WEIGHT = 3;

/** Solves the 3x3 system M x = v (Cramer's rule; M is a Gram matrix plus a ridge, so well posed). */
function solve3(M: number[][], v: number[]): number[] | null {
  const det = (m: number[][]) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(M);
  if (!(Math.abs(d) > 1e-300)) return null;
  return [0, 1, 2].map((c) => det(M.map((row, r) => row.map((x, k) => (k === c ? v[r] : x)))) / d);
}

export function createEta(phases: Phase[]): Eta {
  const seen = new Map<number, { steps: number; ms: number }>();
  // features are scaled so the three columns are of one order (a 256² stage ~ 1); coefficients too
  const scale = [1, 1 / 65536, 1 / 65536];
  const prior = PRIOR.map((c, k) => c / scale[k]);
  let coef = [...prior];
  const features = (ph: Phase) => [1, ph.pixels * scale[1], ph.work * scale[2]];
  const predict = (ph: Phase) => Math.max(0.05, features(ph).reduce((s, f, k) => s + f * coef[k], 0));
  const refit = () => {
    // ridge towards the prior: minimize sum_w (y - x.c)^2 + lambda |c - prior|^2 in scaled coordinates
    const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], v = [0, 0, 0];
    for (let k = 0; k < 3; k++) { M[k][k] += PRIOR_WEIGHT; v[k] += PRIOR_WEIGHT * prior[k]; }
    for (const [phase, s] of seen) {
      const x = features(phases[phase]), y = s.ms / s.steps;
      for (let r = 0; r < 3; r++) { v[r] += s.steps * x[r] * y; for (let c = 0; c < 3; c++) M[r][c] += s.steps * x[r] * x[c]; }
    }
    const c = solve3(M, v);
    if (c) coef = c.map((x) => Math.max(0, x));
  };
  return {
    measured(phase, steps, ms) {
      // a phase costed as another's steps (costOf) does not run steps of its own kind
      if (steps <= 0 || !phases[phase] || phases[phase].costOf !== undefined) return;
      const s = seen.get(phase) ?? { steps: 0, ms: 0 };
      seen.set(phase, { steps: s.steps + steps, ms: s.ms + ms });
      refit();
    },
    remainingMs(phase, step, elapsedMs) {
      let left = 0;
      const rate = (k: number): number => {
        const s = seen.get(k);
        if (s && s.steps >= 3) return s.ms / s.steps;
        const like = phases[k].costOf;
        return like !== undefined && like !== k ? rate(like) : predict(phases[k]);
      };
      phases.forEach((ph, k) => {
        const stepsLeft = k < phase ? 0 : k === phase ? Math.max(0, ph.steps - step) : ph.steps;
        left += stepsLeft * rate(k);
      });
      if (elapsedMs === undefined) return left;
      // time outside the measured steps so far, per set-up begun, for each set-up still to come
      const stepsMs = [...seen.values()].reduce((sum, v) => sum + v.ms, 0);
      const setups = (from: number, to: number) => phases.slice(from, to).reduce((n, p) => n + (p.setups ?? 1), 0);
      const between = Math.max(0, elapsedMs - stepsMs) / Math.max(1, setups(0, phase + 1));
      return left + between * setups(phase + 1, phases.length);
    },
  };
}
