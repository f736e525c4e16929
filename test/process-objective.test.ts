// The process objective (the loss of the canvas after every block of strokes, docs/derivations.md):
// its value and gradients against the float64 CPU reference, the prefix errors, frozen strokes and
// engines that see a region of the painting.
import { describe, expect, it } from 'vitest';
import { blurLossCPU, lossCPU, processLossCPU, renderCPU } from '../src/cpu/reference.js';
import { packStrokes, type StrokeType } from '../src/index.js';
import { compareWithFD, testImage } from './helpers/fd.js';
import { useGpuPage } from './helpers/gpu.js';
import { randomStrokes } from './helpers/strokes.js';

const W = 40, H = 36, SIGMA = 2;
const { session } = useGpuPage();
const types: StrokeType[] = ['brush', 'oil', 'rect', 'ellipse'];
const frame = { W, H, sigma: SIGMA };

interface Run { grads: number[]; loss: number; stats: { objective: number; mse: number; prefixMse: number[]; blockEnds: number[] }; after: number[] }

/** forward, loss, backward on the GPU; `frozen` as setStrokes takes it; optionally one Adam step. */
async function gpuRun(packed: number[], base: number[], target: number[], settings: Record<string, unknown>, frozen?: number[] | number): Promise<Run> {
  return session().page.evaluate((packed, base, target, W, H, sigma, settings, frozen) => {
    const f = (globalThis as any).fude;
    const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma, ...settings } });
    e.setBase(new Float32Array(base)); e.setTarget(new Float32Array(target)); e.setStrokes(new Float32Array(packed), frozen ?? undefined);
    e.forward(); e.computeLoss(); e.backward();
    const out = { grads: Array.from(e.readGradients() as Float32Array), loss: e.readLoss(), stats: e.readStats(true) };
    e.adamStep();
    const after = Array.from(e.readStrokes() as Float32Array);
    e.dispose();
    return { ...out, after };
  }, packed, base, target, W, H, SIGMA, settings, frozen ?? null);
}

describe('the process objective', () => {
  const packed = Array.from(packStrokes(randomStrokes(14, 41, types)));
  const base = testImage(W, H, 3, true), target = testImage(W, H, 4, false);

  for (const [name, prefixes, extra] of [
    ['two prefix terms (fused into the forward)', [{ end: 4, weight: 0.5 }, { end: 9, weight: 2 }], {}],
    ['five prefix terms and the long-range term (separate adjoint pass)', [1, 3, 6, 9, 12].map((end, k) => ({ end, weight: 0.3 * (k + 1) })), { blurWeight: 2, blurRadius: 3 }],
  ] as const) {
    it(`${name}: value and gradients agree with central finite differences`, async () => {
      const settings = { loss: 'l2', prefixes, finalWeight: 0.7, ...extra };
      const run = await gpuRun(packed, base, target, settings);
      const blur = 'blurWeight' in extra ? extra : undefined;
      const cpu = (p: number[]) => {
        let total = processLossCPU(p, frame, base, target, 'l2', prefixes, 0.7);
        if (blur) {
          // the long-range term of the final canvas (gradients.test.ts checks it on its own)
          total += blurLossCPU(renderCPU(p, frame, base), target, W, H, blur.blurRadius, blur.blurWeight);
        }
        return total;
      };
      expect(run.loss).toBeCloseTo(cpu(packed), 6);
      expect(run.stats.blockEnds.slice(0, -1)).toEqual(expect.arrayContaining(prefixes.map((p) => p.end)));
      const { worst, report } = compareWithFD(packed, run.grads, cpu);
      console.log(`${name}: worst relative error ${worst.toExponential(2)} over ${report.length} parameters`);
      expect(worst).toBeLessThan(1e-3);
    });
  }

  it('the L1 process objective', async () => {
    const prefixes = [{ end: 5, weight: 1 }];
    const run = await gpuRun(packed, base, target, { loss: 'l1', prefixes });
    const cpu = (p: number[]) => processLossCPU(p, frame, base, target, 'l1', prefixes);
    expect(run.loss).toBeCloseTo(cpu(packed), 6);
    expect(compareWithFD(packed, run.grads, cpu).worst).toBeLessThan(1e-3);
  });

  it('reports the squared error of the final canvas and of every prefix', async () => {
    const run = await gpuRun(packed, base, target, { prefixes: [{ end: 3, weight: 0 }, { end: 8, weight: 1 }] });
    const mseOf = (n: number) => lossCPU(renderCPU(packed.slice(0, n * 16), frame, base), target, 'l2');
    expect(run.stats.mse).toBeCloseTo(mseOf(14), 6);
    run.stats.blockEnds.slice(0, -1).forEach((end, k) => expect(run.stats.prefixMse[k]).toBeCloseTo(mseOf(end), 6));
  });
});

describe('frozen strokes', () => {
  it('are composited but get no gradient and never move', async () => {
    const packed = Array.from(packStrokes(randomStrokes(8, 17, types)));
    const base = testImage(W, H, 5, true), target = testImage(W, H, 6, false);
    const frozen = [0, 1, 0, 0, 1, 1, 0, 0];
    const run = await gpuRun(packed, base, target, {}, frozen);
    const free = await gpuRun(packed, base, target, {});
    expect(run.loss).toBeCloseTo(free.loss, 7); // same forward
    for (let i = 0; i < 8; i++) {
      const g = run.grads.slice(i * 16, i * 16 + 16), moved = run.after.slice(i * 16, i * 16 + 16);
      if (frozen[i]) {
        expect(g.every((v) => v === 0)).toBe(true);
        expect(moved).toEqual(packed.slice(i * 16, i * 16 + 16).map(Math.fround));
      } else {
        expect(g).toEqual(free.grads.slice(i * 16, i * 16 + 16)); // the others' gradients are unchanged
      }
    }
  });
});

describe('an engine on a region of the painting', () => {
  it('renders the crop of the whole painting and gives the gradients of the loss over that crop', async () => {
    const PW = 64, PH = 48, region = { x: 20, y: 10, width: 30, height: 26 };
    const packed = Array.from(packStrokes(randomStrokes(10, 23, types)));
    const whole = { W: PW, H: PH, sigma: SIGMA };
    const target = testImage(PW, PH, 7, false);
    const crop = (img: ArrayLike<number>, stride: number) => {
      const out: number[] = [];
      for (let y = 0; y < region.height; y++) for (let x = 0; x < region.width; x++) {
        for (let k = 0; k < 4; k++) out.push(k < stride ? img[((y + region.y) * PW + x + region.x) * stride + k] : 1);
      }
      return out;
    };
    const got = await session().page.evaluate((packed, target, region, PW, PH, sigma) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: region.width, height: region.height, painting: { width: PW, height: PH, x: 0, y: 0 }, settings: { sigma } });
      e.setRegion(region.x, region.y);
      e.setBase([0.3, 0.5, 0.7]); e.setTarget(new Float32Array(target)); e.setStrokes(new Float32Array(packed));
      e.forward(); e.computeLoss(); e.backward();
      const out = { canvas: Array.from(e.readCanvas() as Float32Array), grads: Array.from(e.readGradients() as Float32Array), loss: e.readLoss() };
      e.dispose();
      return out;
    }, packed, crop(target, 4), region, PW, PH, SIGMA);
    const full = renderCPU(packed, whole, [0.3, 0.5, 0.7]);
    const expected = crop(full, 3);
    let diff = 0;
    for (let i = 0; i < expected.length; i++) if (i % 4 !== 3) diff = Math.max(diff, Math.abs(got.canvas[i] - expected[i]));
    expect(diff).toBeLessThan(2e-5);
    // the loss over the crop, as a function of the strokes
    const cropLoss = (p: number[]) => lossCPU(crop(renderCPU(p, whole, [0.3, 0.5, 0.7]), 3).filter((_, i) => i % 4 !== 3), crop(target, 4), 'l2');
    expect(got.loss).toBeCloseTo(cropLoss(packed), 6);
    expect(compareWithFD(packed, got.grads, cropLoss).worst).toBeLessThan(1e-3);
  });
});

describe('the refinement window (a large painting refines its last strokes over the earlier ones frozen into the base)', () => {
  it('gives the same loss, prefix errors and gradients as all the strokes with the earlier ones frozen', async () => {
    const packed = Array.from(packStrokes(randomStrokes(16, 29, types)));
    const base = testImage(W, H, 8, true), target = testImage(W, H, 9, false);
    const from = 6; // strokes [0, from) frozen into the base canvas
    const settings = { prefixes: [{ end: 10, weight: 0.5 }], finalWeight: 1 };
    const windowed = await session().page.evaluate((packed, base, target, W, H, sigma, from, settings) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma, ...settings, prefixes: settings.prefixes.map((p: any) => ({ ...p, end: p.end - from })) } });
      e.setBase(new Float32Array(base)); e.setTarget(new Float32Array(target));
      e.setStrokes(new Float32Array(packed.slice(0, from * 16))); e.freezeCanvas();
      e.setStrokes(new Float32Array(packed.slice(from * 16)));
      e.forward(); e.computeLoss(); e.backward();
      const out = { loss: e.readLoss(), stats: e.readStats(true), grads: Array.from(e.readGradients() as Float32Array) };
      e.dispose();
      return out;
    }, packed, base, target, W, H, SIGMA, from, settings);
    const full = await gpuRun(packed, base, target, settings, from);
    expect(windowed.loss).toBeCloseTo(full.loss, 6);
    expect(windowed.stats.mse).toBeCloseTo(full.stats.mse, 6);
    expect(windowed.stats.prefixMse[windowed.stats.blockEnds.indexOf(10 - from)]).toBeCloseTo(full.stats.prefixMse[full.stats.blockEnds.indexOf(10)], 6);
    // and the CPU reference's objective of all the strokes
    expect(windowed.loss).toBeCloseTo(processLossCPU(packed, frame, base, target, 'l2', settings.prefixes, 1), 6);
    for (let i = 0; i < windowed.grads.length; i++) expect(windowed.grads[i]).toBeCloseTo(full.grads[from * 16 + i], 5);
  });

  it('setFrozen changes which strokes move between steps', async () => {
    const packed = Array.from(packStrokes(randomStrokes(8, 31, types)));
    const base = testImage(W, H, 10, true), target = testImage(W, H, 11, false);
    const flags = [1, 0, 1, 0, 1, 0, 1, 0];
    const r = await session().page.evaluate((packed, base, target, W, H, sigma, flags) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma } });
      e.setBase(new Float32Array(base)); e.setTarget(new Float32Array(target)); e.setStrokes(new Float32Array(packed));
      e.step(); e.step();
      const read = () => Array.from(e.readStrokes() as Float32Array);
      const s2 = read();
      e.setFrozen(flags); e.step();
      const s3 = read();
      e.setFrozen(0); e.step();
      const s4 = read();
      e.dispose();
      return { s2, s3, s4 };
    }, packed, base, target, W, H, SIGMA, flags);
    const slice = (a: number[], i: number) => a.slice(i * 16, i * 16 + 16);
    for (let i = 0; i < 8; i++) {
      if (flags[i]) expect(slice(r.s3, i)).toEqual(slice(r.s2, i));
      else expect(slice(r.s3, i)).not.toEqual(slice(r.s2, i));
      expect(slice(r.s4, i)).not.toEqual(slice(r.s3, i));
    }
  });
});
