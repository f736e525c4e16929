// Every analytic gradient of every primitive against central finite differences of the CPU reference,
// on overlapping random strokes over a non-flat base (so occlusion and the base both matter).
import { describe, expect, it } from 'vitest';
import { blurLossCPU, lossCPU, renderCPU } from '../src/cpu/reference.js';
import { packStrokes, type StrokeType } from '../src/index.js';
import { compareWithFD, testImage } from './helpers/fd.js';
import { rng, useGpuPage } from './helpers/gpu.js';
import { randomStrokes, withBristles } from './helpers/strokes.js';

const W = 40, H = 36, SIGMA = 2;
const { session } = useGpuPage();
const types: StrokeType[] = ['brush', 'oil', 'rect', 'ellipse'];

const image = (seed: number, smooth: boolean) => testImage(W, H, seed, smooth);

async function gpuGradients(packed: number[], base: number[], target: number[], settings: Record<string, unknown>) {
  return session().page.evaluate((packed, base, target, W, H, sigma, settings) => {
    const f = (globalThis as any).fude;
    const engine = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma, ...settings } });
    engine.setBase(new Float32Array(base));
    engine.setTarget(new Float32Array(target));
    engine.setStrokes(new Float32Array(packed));
    engine.forward(); engine.computeLoss(); engine.backward();
    const out = { grads: Array.from(engine.readGradients() as Float32Array), loss: engine.readLoss() as number };
    engine.dispose();
    return out;
  }, packed, base, target, W, H, SIGMA, settings);
}

const pixelLoss = (base: number[], target: number[], kind: 'l1' | 'l2') => (p: number[]) => lossCPU(renderCPU(p, { W, H, sigma: SIGMA }, base), target, kind);

describe('analytic gradients agree with central finite differences', () => {
  for (const type of types) {
    for (const loss of ['l2', 'l1'] as const) {
      it(`${type}, ${loss}`, async () => {
        // three overlapping strokes of this type plus one of another type on top
        const strokes = [...randomStrokes(3, 11 + types.indexOf(type), [type]), ...randomStrokes(1, 5, [types[(types.indexOf(type) + 1) % 4]])];
        const packed = Array.from(packStrokes(strokes));
        const base = image(1, true), target = image(2, false);
        const { grads, loss: gpuLoss } = await gpuGradients(packed, base, target, { loss });
        const cpu = pixelLoss(base, target, loss);
        expect(gpuLoss).toBeCloseTo(cpu(packed), 5);
        const { worst, report } = compareWithFD(packed, grads, cpu);
        console.log(`${type}/${loss}: worst relative error ${worst.toExponential(2)}\n  ${report.join('\n  ')}`);
        expect(worst).toBeLessThan(1e-3);
      });
    }
  }

  for (const loss of ['l2', 'l1'] as const) {
    it(`brush with bristles, ${loss}`, async () => {
      // deep streaks over a rect: the texture's gradients through position, radius, bend and t
      const strokes = [...withBristles(randomStrokes(3, 21, ['brush']), 1), ...randomStrokes(1, 5, ['rect'])];
      const packed = Array.from(packStrokes(strokes));
      const base = image(1, true), target = image(2, false);
      const { grads } = await gpuGradients(packed, base, target, { loss });
      const { worst, report } = compareWithFD(packed, grads, pixelLoss(base, target, loss));
      console.log(`bristles/${loss}: worst relative error ${worst.toExponential(2)}\n  ${report.join('\n  ')}`);
      expect(worst).toBeLessThan(1e-3);
    });
  }

  it('more random strokes of every type (seeds 100-105): no pixel lands on a gradient kink', async () => {
    // a sweep like this once found rects 120% off: built-in sin/cos 2e-4 off under SwiftShader moved a
    // pixel across the exact box distance's diagonal kink (now: smooth box coverage, accurate sincos)
    let worst = 0;
    for (const type of types) for (let seed = 100; seed < 106; seed++) {
      const strokes = [...randomStrokes(3, seed, [type]), ...randomStrokes(1, seed + 50, [types[(types.indexOf(type) + 1) % 4]])];
      const packed = Array.from(packStrokes(strokes));
      const base = image(1, true), target = image(2, false);
      const { grads } = await gpuGradients(packed, base, target, { loss: 'l2' });
      worst = Math.max(worst, compareWithFD(packed, grads, pixelLoss(base, target, 'l2')).worst);
    }
    console.log(`24 random sets: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-3);
  });

  it('many overlapping strokes of mixed types (several strokes per checkpoint block)', async () => {
    const packed = Array.from(packStrokes(randomStrokes(23, 99, types)));
    const base = image(4, true), target = image(5, false);
    const { grads } = await gpuGradients(packed, base, target, { loss: 'l2' });
    const { worst, report } = compareWithFD(packed, grads, pixelLoss(base, target, 'l2'));
    console.log(`23 mixed strokes: ${report.length} parameters, worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-3);
  });

  it('300 small strokes: checkpoint blocks that straddle 128-stroke mask texels', async () => {
    // blocks of 43 strokes; 128 and 256 start new mask texels inside blocks 2 and 5
    const r = rng(77);
    const strokes = Array.from({ length: 300 }, () => ({
      type: 'rect' as const, cx: r(), cy: r(), w: 0.08 + 0.15 * r(), h: 0.06 + 0.1 * r(), angle: 3 * r(),
      c: [r(), r(), r()] as [number, number, number], alpha: 0.3 + 0.4 * r(),
    }));
    const packed = Array.from(packStrokes(strokes));
    const base = image(8, true), target = image(9, false);
    const { grads } = await gpuGradients(packed, base, target, { loss: 'l2' });
    const checked = [0, 42, 43, 85, 127, 128, 129, 171, 172, 255, 256, 258, 299];
    const { worst, report } = compareWithFD(packed, grads, pixelLoss(base, target, 'l2'), checked);
    console.log(`300 strokes: ${report.length} parameters, worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-3);
  });

  it('1200 tiny strokes: blocks of 200 that span three mask texels', async () => {
    // small and sparse enough (about 7 deep with their edge ramps) that finite differences of the
    // float64 loss still resolve the gradients of the strokes underneath
    const w = 64, h = 48;
    const r = rng(91);
    const strokes = Array.from({ length: 1200 }, () => ({
      type: 'rect' as const, cx: r(), cy: r(), w: 0.02 + 0.03 * r(), h: 0.02 + 0.02 * r(), angle: 3 * r(),
      c: [r(), r(), r()] as [number, number, number], alpha: 0.2 + 0.3 * r(),
    }));
    const packed = Array.from(packStrokes(strokes));
    const target = Array.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 1 : r()));
    const { grads } = await session().page.evaluate((packed, target, w, h, sigma) => {
      const f = (globalThis as any).fude;
      const engine = f.createEngine(f.getGL(document.createElement('canvas')), { width: w, height: h, settings: { sigma } });
      engine.setBase([0.5, 0.4, 0.3]); engine.setTarget(new Float32Array(target)); engine.setStrokes(new Float32Array(packed));
      engine.forward(); engine.computeLoss(); engine.backward();
      const out = { grads: Array.from(engine.readGradients() as Float32Array) };
      engine.dispose();
      return out;
    }, packed, target, w, h, SIGMA);
    const loss = (p: number[]) => lossCPU(renderCPU(p, { W: w, H: h, sigma: SIGMA }, [0.5, 0.4, 0.3]), target, 'l2');
    const { worst } = compareWithFD(packed, grads, loss, [200, 300, 399, 1199]); // block [200, 400) spans texels 1-3
    console.log(`1200 strokes: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-3);
  });

  it('the long-range (blurred) loss term: value and gradients', async () => {
    const packed = Array.from(packStrokes(randomStrokes(6, 31, types)));
    const base = image(6, true), target = image(7, false);
    const blur = { blurWeight: 3, blurRadius: 3 };
    const { grads, loss } = await gpuGradients(packed, base, target, { loss: 'l2', ...blur });
    const total = (p: number[]) => {
      const c = renderCPU(p, { W, H, sigma: SIGMA }, base);
      return lossCPU(c, target, 'l2') + blurLossCPU(c, target, W, H, blur.blurRadius, blur.blurWeight);
    };
    expect(loss).toBeCloseTo(total(packed), 5);
    const { worst } = compareWithFD(packed, grads, total);
    console.log(`blurred loss term: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-3);
  });
});

describe('many strokes (the 2-D stroke layout and tile occupancy)', () => {
  /** n tiny rects scattered over a w x h canvas. */
  const tiny = (n: number, seed: number) => {
    const r = rng(seed);
    return Array.from({ length: n }, () => ({
      type: 'rect' as const, cx: r(), cy: r(), w: 0.015 + 0.02 * r(), h: 0.015 + 0.02 * r(), angle: 3 * r(),
      c: [r(), r(), r()] as [number, number, number], alpha: 0.3 + 0.5 * r(),
    }));
  };
  async function gpu(packed: number[], w: number, h: number, target: number[] | null) {
    return session().page.evaluate((packed, target, w, h, sigma) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: w, height: h, settings: { sigma } });
      e.setBase([0.5, 0.4, 0.3]); e.setStrokes(new Float32Array(packed));
      let grads: number[] = [];
      if (target) { e.setTarget(new Float32Array(target)); e.forward(); e.computeLoss(); e.backward(); grads = Array.from(e.readGradients() as Float32Array); }
      e.forward(false);
      const canvas = Array.from(e.readCanvas() as Float32Array);
      e.dispose();
      return { canvas, grads };
    }, packed, target, w, h, SIGMA);
  }

  it('17000 strokes (past one column, past one occupancy texel): the forward matches the reference', async () => {
    const w = 48, h = 40;
    const packed = Array.from(packStrokes(tiny(17000, 5)));
    const { canvas } = await gpu(packed, w, h, null);
    const cpu = renderCPU(packed, { W: w, H: h, sigma: SIGMA }, [0.5, 0.4, 0.3]);
    let diff = 0;
    for (let i = 0; i < w * h; i++) for (let k = 0; k < 3; k++) diff = Math.max(diff, Math.abs(canvas[i * 4 + k] - cpu[i * 3 + k]));
    console.log(`17000 strokes: max |GPU - CPU| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(2e-5);
  });

  it('5000 strokes: gradients of strokes in the fifth column agree with finite differences', async () => {
    const w = 40, h = 32;
    const r = rng(12);
    const packed = Array.from(packStrokes(tiny(5000, 6)));
    const target = Array.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 1 : r()));
    const { grads } = await gpu(packed, w, h, target);
    const loss = (p: number[]) => lossCPU(renderCPU(p, { W: w, H: h, sigma: SIGMA }, [0.5, 0.4, 0.3]), target, 'l2');
    // visible strokes near the top of the list (4096 and above: the fifth column of 1024)
    const checked = [4990, 4999];
    const { worst } = compareWithFD(packed, grads, loss, checked);
    console.log(`5000 strokes: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-3);
  });
});
