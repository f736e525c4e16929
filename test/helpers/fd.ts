// Central finite differences of a CPU loss against analytic gradients, per optimized parameter.
import { SLOTS } from '../../src/strokes/layout.js';
import { typeOfId } from '../../src/strokes/layout.js';
import { rng } from './gpu.js';

/** A W x H RGBA test image: smooth, or noise. */
export function testImage(W: number, H: number, seed: number, smooth: boolean): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    for (let k = 0; k < 3; k++) out.push(smooth ? 0.5 + 0.4 * Math.sin(0.2 * x + 0.3 * y + 2 * k + seed) : r());
    out.push(1);
  }
  return out;
}

/**
 * Relative error of each optimized parameter's analytic gradient against a central difference of the
 * float64 CPU loss (h = 1e-6: small enough that no pixel crosses a coverage kink), with a floor at 1% of
 * the stroke's largest gradient for near-zero entries. Measured worst: about 1e-4, so 1e-3 is the bound.
 */
export function compareWithFD(packed: number[], grads: number[], loss: (p: number[]) => number, only?: number[]) {
  const report: string[] = [];
  let worst = 0;
  for (const i of only ?? Array.from({ length: packed.length / 16 }, (_, i) => i)) {
    const type = typeOfId(packed[i * 16 + 15]);
    const slots = SLOTS[type].map((slot, k) => ({ slot, k })).filter(({ slot }) => slot.group !== 'fixed');
    const fd = slots.map(({ k }) => {
      const h = 1e-6, plus = packed.slice(), minus = packed.slice();
      plus[i * 16 + k] += h; minus[i * 16 + k] -= h;
      return (loss(plus) - loss(minus)) / (2 * h);
    });
    const scale = Math.max(...fd.map(Math.abs));
    slots.forEach(({ slot, k }, n) => {
      const g = grads[i * 16 + k];
      const rel = Math.abs(g - fd[n]) / Math.max(Math.abs(fd[n]), 0.01 * scale, 1e-9);
      worst = Math.max(worst, rel);
      report.push(`${type}#${i}.${slot.name}: analytic ${g.toExponential(3)} fd ${fd[n].toExponential(3)} rel ${rel.toExponential(1)}`);
    });
  }
  return { worst, report };
}
