// Every analytic gradient of every primitive against central finite differences of the CPU reference,
// on overlapping random strokes over a non-flat base (so occlusion and the base both matter).
import { describe, expect, it } from 'vitest';
import { blurLossCPU, lossCPU, renderCPU } from '../src/cpu/reference.js';
import { packStrokes, SLOTS, type StrokeType } from '../src/index.js';
import { rng, useGpuPage } from './helpers/gpu.js';
import { randomStrokes } from './helpers/strokes.js';
import { typeOfId as typeOf } from '../src/strokes/layout.js';

const W = 40, H = 36, SIGMA = 2;
const { session } = useGpuPage();

function image(seed: number, smooth: boolean): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    for (let k = 0; k < 3; k++) out.push(smooth ? 0.5 + 0.4 * Math.sin(0.2 * x + 0.3 * y + 2 * k + seed) : r());
    out.push(1);
  }
  return out;
}

async function gpuGradients(packed: number[], base: number[], target: number[], loss: 'l1' | 'l2') {
  return session().page.evaluate((packed, base, target, W, H, sigma, loss) => {
    const f = (globalThis as any).fude;
    const engine = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma, loss } });
    engine.setBase(new Float32Array(base));
    engine.setTarget(new Float32Array(target));
    engine.setStrokes(new Float32Array(packed));
    engine.forward(); engine.computeLoss(); engine.backward();
    const out = { grads: Array.from(engine.readGradients() as Float32Array), loss: engine.readLoss() as number };
    engine.dispose();
    return out;
  }, packed, base, target, W, H, SIGMA, loss);
}

function cpuLoss(packed: number[], base: number[], target: number[], loss: 'l1' | 'l2'): number {
  return lossCPU(renderCPU(packed, { W, H, sigma: SIGMA }, base), target, loss);
}

describe('analytic gradients agree with central finite differences', () => {
  const types: StrokeType[] = ['brush', 'oil', 'rect', 'ellipse'];
  it('the long-range (blurred) loss term: value and gradients', async () => {
    const strokes = randomStrokes(6, 31, types);
    const packed = Array.from(packStrokes(strokes));
    const base = image(6, true), target = image(7, false);
    const blur = { blurWeight: 3, blurRadius: 3 };
    const { grads, loss } = await session().page.evaluate((packed, base, target, W, H, sigma, blur) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma, loss: 'l2', ...blur } });
      e.setBase(new Float32Array(base)); e.setTarget(new Float32Array(target)); e.setStrokes(new Float32Array(packed));
      e.forward(); e.computeLoss(); e.backward();
      return { grads: Array.from(e.readGradients() as Float32Array), loss: e.readLoss() as number };
    }, packed, base, target, W, H, SIGMA, blur);
    const total = (p: number[]) => {
      const c = renderCPU(p, { W, H, sigma: SIGMA }, base);
      return lossCPU(c, target, 'l2') + blurLossCPU(c, target, W, H, blur.blurRadius, blur.blurWeight);
    };
    expect(loss).toBeCloseTo(total(packed), 5);
    let worst = 0;
    for (let i = 0; i < strokes.length; i++) {
      const st = typeOf(packed[i * 16 + 15]);
      const slots = SLOTS[st].map((slot, k) => ({ slot, k })).filter(({ slot }) => slot.group !== 'fixed');
      const fd = slots.map(({ k }) => {
        const h = 1e-6, plus = packed.slice(), minus = packed.slice();
        plus[i * 16 + k] += h; minus[i * 16 + k] -= h;
        return (total(plus) - total(minus)) / (2 * h);
      });
      const scale = Math.max(...fd.map(Math.abs));
      slots.forEach(({ k }, n) => { worst = Math.max(worst, Math.abs(grads[i * 16 + k] - fd[n]) / Math.max(Math.abs(fd[n]), 0.01 * scale, 1e-9)); });
    }
    console.log(`blurred loss term: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(0.05);
  });
  it('many overlapping strokes of mixed types (several strokes per checkpoint block)', async () => {
    const strokes = randomStrokes(23, 99, types);
    const packed = Array.from(packStrokes(strokes));
    const base = image(4, true), target = image(5, false);
    const { grads } = await gpuGradients(packed, base, target, 'l2');
    let worst = 0, checked = 0;
    for (let i = 0; i < strokes.length; i++) {
      const st = typeOf(packed[i * 16 + 15]);
      const slots = SLOTS[st].map((slot, k) => ({ slot, k })).filter(({ slot }) => slot.group !== 'fixed');
      const fd = slots.map(({ k }) => {
        const h = 1e-6, plus = packed.slice(), minus = packed.slice();
        plus[i * 16 + k] += h; minus[i * 16 + k] -= h;
        return (cpuLoss(plus, base, target, 'l2') - cpuLoss(minus, base, target, 'l2')) / (2 * h);
      });
      const scale = Math.max(...fd.map(Math.abs));
      slots.forEach(({ k }, n) => {
        worst = Math.max(worst, Math.abs(grads[i * 16 + k] - fd[n]) / Math.max(Math.abs(fd[n]), 0.01 * scale, 1e-9));
        checked++;
      });
    }
    console.log(`23 mixed strokes: ${checked} parameters, worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(0.05);
  });
  for (const type of types) {
    for (const loss of ['l2', 'l1'] as const) {
      it(`${type}, ${loss}`, async () => {
        // three overlapping strokes of this type plus one of another type on top
        const strokes = [...randomStrokes(3, 11 + types.indexOf(type), [type]), ...randomStrokes(1, 5, [types[(types.indexOf(type) + 1) % 4]])];
        const packed = Array.from(packStrokes(strokes));
        const base = image(1, true), target = image(2, false);
        const { grads, loss: gpuLoss } = await gpuGradients(packed, base, target, loss);
        expect(gpuLoss).toBeCloseTo(cpuLoss(packed, base, target, loss), 5);

        const report: string[] = [];
        let worst = 0;
        for (let i = 0; i < strokes.length; i++) {
          const st = typeOf(packed[i * 16 + 15]);
          const fd: number[] = [];
          SLOTS[st].forEach((slot, k) => {
            if (slot.group === 'fixed') return;
            const h = 1e-6; // float64 CPU loss: small enough that no pixel crosses a coverage kink
            const plus = packed.slice(), minus = packed.slice();
            plus[i * 16 + k] += h; minus[i * 16 + k] -= h;
            fd[k] = (cpuLoss(plus, base, target, loss) - cpuLoss(minus, base, target, loss)) / (2 * h);
          });
          const scale = Math.max(...fd.filter((v) => v !== undefined).map(Math.abs));
          SLOTS[st].forEach((slot, k) => {
            if (slot.group === 'fixed') return;
            const g = grads[i * 16 + k];
            // relative error, with a floor at 1% of the stroke's largest gradient for near-zero entries
            const rel = Math.abs(g - fd[k]) / Math.max(Math.abs(fd[k]), 0.01 * scale, 1e-9);
            worst = Math.max(worst, rel);
            report.push(`${st}#${i}.${slot.name}: analytic ${g.toExponential(3)} fd ${fd[k].toExponential(3)} rel ${rel.toExponential(1)}`);
          });
        }
        console.log(`${type}/${loss}: worst relative error ${worst.toExponential(2)}\n  ` + report.join('\n  '));
        expect(worst).toBeLessThan(0.05);
      });
    }
  }
});
