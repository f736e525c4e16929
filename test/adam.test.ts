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

  it('carries each stroke\'s state over setStrokes: a run cut in two goes on as one, a new stroke starts afresh', async () => {
    const packed = Array.from(packStrokes(randomStrokes(8, 5)));
    const target = Array.from({ length: W * H * 4 }, (_, i) => ((i * 104729) % 251) / 251);
    const out = await session().page.evaluate((packed, target, W, H, lr, bounds) => {
      const f = (globalThis as any).fude;
      const gl = f.getGL(document.createElement('canvas'));
      const engine = () => {
        const e = f.createEngine(gl, { width: W, height: H, settings: { sigma: 1.5, lr, bounds } });
        e.setBase([1, 1, 1]); e.setTarget(new Float32Array(target));
        return e;
      };
      const steps = (e: any, n: number) => { for (let s = 0; s < n; s++) e.step(); };
      // five steps in one go, and two + three with the state carried over a setStrokes
      const whole = engine(); whole.setStrokes(new Float32Array(packed)); steps(whole, 5);
      const cut = engine(); cut.setStrokes(new Float32Array(packed)); steps(cut, 2);
      cut.setStrokes(cut.readStrokes(), undefined, cut.readOptimizerState()); steps(cut, 3);
      // seven strokes for two steps, then an eighth with no state of its own, one step more
      const grown = engine(); grown.setStrokes(new Float32Array(packed.slice(0, 7 * 16))); steps(grown, 2);
      const state = grown.readOptimizerState();
      const m = new Float32Array(8 * 16), v = new Float32Array(8 * 16);
      m.set(state.m); v.set(state.v);
      const p = new Float32Array(8 * 16); p.set(grown.readStrokes()); p.set(packed.slice(7 * 16), 7 * 16);
      grown.setStrokes(p, undefined, { m, v }); steps(grown, 1);
      const ages = Array.from({ length: 8 }, (_, i) => grown.readOptimizerState().m[i * 16 + 15]);
      return { whole: Array.from(whole.readStrokes() as Float32Array), cut: Array.from(cut.readStrokes() as Float32Array), ages };
    }, packed, target, W, H, lr, bounds);
    const diff = Math.max(...out.whole.map((x, i) => Math.abs(x - out.cut[i])));
    expect(diff).toBeLessThan(1e-6);
    expect(out.whole.some((x, i) => Math.abs(x - packed[i]) > 1e-3)).toBe(true);
    // each stroke counts its own steps (the bias correction's t)
    expect(out.ages).toEqual([3, 3, 3, 3, 3, 3, 3, 1]);
  });
});
