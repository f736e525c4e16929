// Random strokes of every type, sized for small test canvases.
import type { Stroke, StrokeType, RGB } from '../../src/index.js';
import { rng } from './gpu.js';

export function randomStrokes(n: number, seed: number, types: StrokeType[] = ['brush', 'oil', 'rect', 'ellipse'], alphaMax = 0.9): Stroke[] {
  const r = rng(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * r();
  const colour = (): RGB => [u(0.05, 0.95), u(0.05, 0.95), u(0.05, 0.95)];
  return Array.from({ length: n }, (_, i): Stroke => {
    const type = types[i % types.length];
    const alpha = u(0.5, alphaMax);
    switch (type) {
      case 'brush': {
        const x0 = u(0.2, 0.8), y0 = u(0.2, 0.8);
        return { type, x0, y0, x1: x0 + u(-0.3, 0.3), y1: y0 + u(-0.3, 0.3), x2: x0 + u(-0.4, 0.4), y2: y0 + u(-0.4, 0.4),
          r0: u(0.04, 0.1), r2: u(0.02, 0.08), c0: colour(), c2: colour(), alpha };
      }
      case 'oil':
        return { type, cx: u(0.3, 0.7), cy: u(0.3, 0.7), len: u(0.3, 0.6), wid: u(0.12, 0.3), angle: u(0, 3.14), seed: u(0, 1), c0: colour(), c2: colour(), alpha };
      default:
        return { type, cx: u(0.3, 0.7), cy: u(0.3, 0.7), w: u(0.2, 0.5), h: u(0.15, 0.4), angle: u(0, 3.14), c: colour(), alpha };
    }
  });
}

/** The same strokes with every brush given this bristle depth (0: flat). */
export const withBristles = (strokes: Stroke[], bristles: number): Stroke[] =>
  strokes.map((s) => (s.type === 'brush' && bristles > 0 ? { ...s, bristles } : s));
