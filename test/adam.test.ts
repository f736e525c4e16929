// Adam on the GPU against a CPU Adam fed the same gradients, step for step, including the projection.
import { describe, expect, it } from 'vitest';
import { buildSpec, DEFAULT_BOUNDS } from '../src/optim/spec.js';
import { packStrokes } from '../src/index.js';
import { useGpuPage } from './helpers/gpu.js';
import { randomStrokes } from './helpers/strokes.js';

const W = 32, H = 32;
const { session } = useGpuPage();
const lr = { position: 0.01, size: 0.02, angle: 0.05, color: 0.03, opacity: 0.02 };
const bounds = { ...DEFAULT_BOUNDS, sizeMin: 0.1, sizeMax: 0.5, alphaMin: 0.3, alphaMax: 1 };

describe('Adam', () => {
  it('matches a CPU Adam step for step, with per-group rates and range projection', async () => {
    const packed = Array.from(packStrokes(randomStrokes(8, 21)));
    const target = Array.from({ length: W * H * 4 }, (_, i) => ((i * 7919) % 255) / 255);
    const steps = 5;
    const trace: { params: number[]; grads: number[] }[] = await session().page.evaluate((packed, target, W, H, lr, bounds, steps) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma: 1.5, lr, bounds } });
      e.setBase([1, 1, 1]); e.setTarget(new Float32Array(target)); e.setStrokes(new Float32Array(packed));
      const out = [];
      for (let s = 0; s < steps; s++) {
        e.forward(); e.computeLoss(); e.backward();
        const grads = Array.from(e.readGradients() as Float32Array);
        e.adamStep();
        out.push({ grads, params: Array.from(e.readStrokes() as Float32Array) });
      }
      return out;
    }, packed, target, W, H, lr, bounds, steps);

    // CPU Adam with the GPU's gradients
    const spec = buildSpec(lr, bounds);
    const p = Float64Array.from(packed), m = new Float64Array(p.length), v = new Float64Array(p.length);
    let maxErr = 0, moved = 0;
    trace.forEach(({ grads, params }, s) => {
      const t = s + 1;
      for (let i = 0; i < p.length; i++) {
        const type = Math.round(packed[(i >> 4) * 16 + 15]);
        const [lo, hi, rate] = spec.subarray((type * 16 + (i % 16)) * 4, (type * 16 + (i % 16)) * 4 + 3);
        if (rate === 0) continue;
        m[i] = 0.9 * m[i] + 0.1 * grads[i];
        v[i] = 0.999 * v[i] + 0.001 * grads[i] * grads[i];
        const step = (rate * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
        p[i] = Math.min(hi, Math.max(lo, p[i] - step));
      }
      for (let i = 0; i < p.length; i++) maxErr = Math.max(maxErr, Math.abs(p[i] - params[i]));
    });
    for (let i = 0; i < p.length; i++) if (Math.abs(p[i] - packed[i]) > 1e-3) moved++;
    expect(maxErr).toBeLessThan(1e-5);
    expect(moved).toBeGreaterThan(40); // the step really changed parameters
    // fixed slots (type, seed) never move; projection holds the ranges
    const last = trace[trace.length - 1].params;
    for (let i = 0; i < 8; i++) expect(last[i * 16 + 15]).toBe(packed[i * 16 + 15]);
  });
});
