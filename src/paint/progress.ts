// Progress and time left. Steps cost very different amounts: a coarse stage at a quarter of the
// resolution runs ten times faster than the joint refinement of every stroke. So each phase's cost per
// step is predicted from a shape fitted to real paintings (COST_SHAPES), at this machine's speed and
// bent by the phases measured so far; time left is the measured cost of the phase under way plus the
// predicted cost of the rest, plus the time outside steps per set-up still to come.
import type { RendererKind } from '../render/renderer-kind.js';

export interface Phase {
  steps: number;
  /** Pixels of the canvas the phase runs at. */
  pixels: number;
  /** Pixels that its active strokes cover (summed over strokes): what the walks and the backward visit. */
  work: number;
  /** How many strokes its steps move (each has per-stroke passes: bounds, tiles, the backward's chunks). */
  strokes?: number;
  /**
   * How many times the painting works outside steps for this phase (seeding a stage, relocating,
   * measuring the result): 1 unless given.
   */
  setups?: number;
  /** A phase whose steps cost what this one's do (its measured rate, once it has one), instead of the model's. */
  costOf?: number;
  /** A part of the joint refinement: its steps cost more per stroke than a stage's (a term of its own). */
  refine?: boolean;
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

/**
 * The shape of a step's cost, ms: per step, per 256² of canvas, per 256² of stroke area, per 1000
 * strokes times (1 + canvas / 256²) (each stroke has passes of its own: bounds, tile tests, the
 * backward's chunks), and that again for a refinement's steps (costFeatures). Fitted by relative least
 * squares, per renderer, to the phases of 19 paintings traced with `scripts/eta-fit.mjs` (the eight
 * benchmark images at 500 strokes @256, four at 200 and four at 1000, graffiti 3000 @768, 2000 and
 * 10 000 @1024), each phase's first step counted as its set-up (painter.ts). The cost per step of a
 * refinement does not follow area and canvas alone (at the same area and canvas, 270 strokes took 23 ms
 * a step and 900 took 42 ms). A GPU gets llvmpipe's shape, and its own speed from its phases.
 */
// Both refitted 2026-12-04 (afternoon), with the refinement's term, once the refinement moved the
// coarsest strokes too (docs/painter.md, "Progress and time left"). llvmpipe, to 19 paintings traced
// then: replayed on them, worst error before the last tenth 29% (39% with the four-term shape before,
// 35% with four terms refitted). SwiftShader, to those 19 traced twice (traces -c and -d): on the
// morning's, 23% (39% before); on the afternoon's, 23% or less but on three paintings during which the
// machine's speed changed (28-55%: chelsea 500's stages took 1.6x the morning's time, its refinement
// 1.07x).
const LLVMPIPE_SHAPE = [1.199, 2.058, 6.468, 4.433, 1.332];
export const COST_SHAPES: Record<RendererKind, number[]> = {
  llvmpipe: LLVMPIPE_SHAPE,
  swiftshader: [0.83, 2.833, 13.033, 12.318, 1.429],
  gpu: LLVMPIPE_SHAPE,
};
/**
 * How many steps' worth of evidence the shape counts as against the phases measured on this machine.
 * The first phases are small and noisy (programs compile in their first steps): at 30, four paintings
 * held out of the fit missed by up to 48% as those bent the shape; at 300, by up to 19%.
 */
const PRIOR_WEIGHT = 300;

/**
 * A phase's terms of the cost shape: 1, canvas, stroke area and strokes × (1 + canvas), in 256² and
 * 1000s, and the last again for a refinement's steps, which walk every stroke in checkpoint blocks with
 * the process terms: without it, a four-term shape fitted to the same traces put a refinement step at
 * 256 px 10-30% under what it took (SwiftShader traces of 2026-12-04).
 */
export const costFeatures = (ph: Phase): number[] => {
  const perStroke = ((ph.strokes ?? 0) / 1000) * (1 + ph.pixels / 65536);
  return [1, ph.pixels / 65536, ph.work / 65536, perStroke, ph.refine ? perStroke : 0];
};

/** Adds an observation y ≈ x · c of weight w to the normal equations M c = v of a weighted least-squares fit. */
export function addObservation(M: number[][], v: number[], x: number[], y: number, w: number): void {
  for (let r = 0; r < v.length; r++) { v[r] += w * x[r] * y; for (let c = 0; c < v.length; c++) M[r][c] += w * x[r] * x[c]; }
}

/** Solves M x = v (Gaussian elimination with partial pivoting; M is a Gram matrix plus a ridge). */
export function solve(M: number[][], v: number[]): number[] | null {
  const n = v.length, a = M.map((row, r) => [...row, v[r]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-300)) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, r) => row[n] / row[r]);
}

export function createEta(phases: Phase[], renderer: RendererKind = 'llvmpipe'): Eta {
  const SHAPE = COST_SHAPES[renderer];
  const seen = new Map<number, { steps: number; ms: number }>();
  const dot = (x: number[], c: number[]) => x.reduce((s, f, k) => s + f * c[k], 0);
  // ms per step of a phase under coefficients c (never quite free)
  const rateOf = (ph: Phase, c: number[]) => Math.max(0.05, dot(costFeatures(ph), c));
  let coef = [...SHAPE];
  // The prior: every phase of the plan costs what the shape says, at this machine's speed (the measured
  // time over the shape's time for the same steps). The fit weighs it against the measured phases, both
  // as relative errors of the rates they predict, so it only bends the shape where the measures insist.
  const refit = () => {
    let measuredMs = 0, shapeMs = 0;
    for (const [phase, s] of seen) { measuredMs += s.ms; shapeMs += s.steps * rateOf(phases[phase], SHAPE); }
    const prior = SHAPE.map((c) => (c * measuredMs) / shapeMs);
    const n = SHAPE.length, M = prior.map((_, r) => prior.map((__, c) => (r === c ? 1e-9 : 0))), v = new Array<number>(n).fill(0);
    const add = (x: number[], y: number, w: number) => addObservation(M, v, x, y, w);
    const planned = phases.filter((ph) => ph.costOf === undefined);
    for (const ph of planned) { const y = rateOf(ph, prior); add(costFeatures(ph), y, PRIOR_WEIGHT / planned.length / y ** 2); }
    for (const [phase, s] of seen) { const x = costFeatures(phases[phase]), y = s.ms / s.steps; add(x, y, s.steps / Math.max(y, 1e-3) ** 2); }
    const c = solve(M, v);
    if (c && c.every(Number.isFinite)) coef = c;
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
        return like !== undefined && like !== k ? rate(like) : rateOf(phases[k], coef);
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
