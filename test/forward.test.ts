// GPU forward pass against the CPU reference, per primitive and mixed, over flat and non-flat bases.
import { describe, expect, it } from 'vitest';
import { renderCPU } from '../src/cpu/reference.js';
import { packStrokes, type StrokeType } from '../src/index.js';
import { rng, useGpuPage } from './helpers/gpu.js';
import { randomStrokes, withBristles } from './helpers/strokes.js';

const W = 48, H = 40, SIGMA = 1.5;
const { session } = useGpuPage();

async function gpuRender(packed: number[], base: number[] | null): Promise<number[]> {
  return session().page.evaluate((packed, base, W, H, sigma) => {
    const f = (globalThis as any).fude;
    const gl = f.getGL(document.createElement('canvas'));
    const engine = f.createEngine(gl, { width: W, height: H, settings: { sigma } });
    engine.setBase(base ? new Float32Array(base) : [0.2, 0.3, 0.4]);
    engine.setStrokes(new Float32Array(packed));
    engine.forward();
    const out = Array.from(engine.readCanvas() as Float32Array);
    engine.dispose();
    return out;
  }, packed, base, W, H, SIGMA);
}

function noiseBase(seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: W * H * 4 }, (_, i) => (i % 4 === 3 ? 1 : r()));
}

function maxDiff(gpu: number[], cpu: Float64Array): number {
  let m = 0;
  for (let i = 0; i < W * H; i++) for (let k = 0; k < 3; k++) m = Math.max(m, Math.abs(gpu[i * 4 + k] - cpu[i * 3 + k]));
  return m;
}

describe('forward pass', () => {
  const cases: [string, StrokeType[], number][] = [['brush', ['brush'], 0], ['brush with bristles', ['brush'], 0.8], ['oil', ['oil'], 0], ['rect', ['rect'], 0],
    ['ellipse', ['ellipse'], 0], ['mixed', ['brush', 'oil', 'rect', 'ellipse'], 0], ['mixed with bristles', ['brush', 'oil', 'rect', 'ellipse'], 1]];
  for (const [name, types, bristles] of cases) {
    it(`${name} strokes match the CPU reference`, async () => {
      const packed = Array.from(packStrokes(withBristles(randomStrokes(6, 7, types), bristles)));
      const base = name.startsWith('mixed') ? noiseBase(3) : null;
      const gpu = await gpuRender(packed, base);
      const cpu = renderCPU(packed, { W, H, sigma: SIGMA }, base ?? [0.2, 0.3, 0.4]);
      const diff = maxDiff(gpu, cpu);
      console.log(`${name}: max |GPU - CPU| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(2e-5);
      // and the strokes really painted something
      let changed = 0;
      for (let i = 0; i < W * H; i++) if (Math.abs(cpu[i * 3] - (base ? base[i * 4] : 0.2)) > 0.05) changed++;
      expect(changed).toBeGreaterThan(W * H * 0.1);
    });
  }

  it('zero strokes leave the base untouched', async () => {
    const gpu = await gpuRender([], null);
    expect(gpu.slice(0, 4)).toEqual([0.2, 0.3, 0.4, 1].map((v) => Math.fround(v)));
  });
});
