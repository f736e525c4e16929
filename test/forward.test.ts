// GPU forward pass against the CPU reference, per primitive and mixed, over flat and non-flat bases.
import { describe, expect, it } from 'vitest';
import { renderCPU } from '../src/cpu/reference.js';
import { packStrokes, type Stroke, type StrokeType } from '../src/index.js';
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

  it('brushes far from their boxes (tapered, bent, short, thin) lose no pixel to the tiles\' distance test', async () => {
    // A tile lists a brush only if its distance at the tile's centre, less a Lipschitz bound over the
    // tile, is within reach; these shapes leave most of their oriented box unpainted, so a bound that
    // is not conservative would drop painted pixels and differ from the CPU here.
    const r = rng(21);
    const u = (lo: number, hi: number) => lo + (hi - lo) * r();
    const strokes: Stroke[] = Array.from({ length: 60 }, () => {
      const x0 = u(0, 1), y0 = u(0, 1), chord = u(0.15, 0.7) ** 2, angle = u(0, 6.28), bend = u(-0.6, 0.6) * chord;
      const x2 = x0 + chord * Math.cos(angle), y2 = y0 + chord * Math.sin(angle);
      const wide = u(0.005, 0.12), narrow = wide * u(0.02, 0.5), [r0, r2] = r() < 0.5 ? [wide, narrow] : [narrow, wide];
      return { type: 'brush', x0, y0, x1: (x0 + x2) / 2 - bend * Math.sin(angle), y1: (y0 + y2) / 2 + bend * Math.cos(angle), x2, y2,
        r0, r2, c0: [r(), r(), r()], c2: [r(), r(), r()], alpha: u(0.3, 0.6) };
    });
    const packed = Array.from(packStrokes(strokes));
    const diff = maxDiff(await gpuRender(packed, null), renderCPU(packed, { W, H, sigma: SIGMA }, [0.2, 0.3, 0.4]));
    console.log(`far-from-box brushes: max |GPU - CPU| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(2e-5);
  });

  it('visibility: each stroke\'s sum of T a on the final canvas, and in the same walk on the prefix canvases asked for too, as the CPU reference\'s colour derivative', async () => {
    const strokes = randomStrokes(10, 11);
    const ends = [3, 7];
    const [atEnd, withPrefixes, alone] = await session().page.evaluate((packed, ends, W, H, sigma) => {
      const f = (globalThis as any).fude;
      const engine = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma } });
      engine.setBase([0.2, 0.3, 0.4]);
      engine.setStrokes(new Float32Array(packed));
      const both = engine.readVisibility(ends);
      const out = [Array.from(both.atEnd as Float32Array), Array.from(both.overall as Float32Array), Array.from(engine.readContributions() as Float32Array)];
      engine.dispose();
      return out;
    }, Array.from(packStrokes(strokes)), ends, W, H, SIGMA);
    // the canvas is linear in a stroke's colour: d(sum of red)/d(red) is exactly its sum of T a
    const red = (list: Stroke[]) => renderCPU(Array.from(packStrokes(list)), { W, H, sigma: SIGMA }, [0.2, 0.3, 0.4]).reduce((sum, v, i) => (i % 3 === 0 ? sum + v : sum), 0);
    const D = 0.01;
    const shown = (i: number, upTo: number) => {
      const s = strokes[i];
      const moved = s.type === 'rect' || s.type === 'ellipse' ? { ...s, c: [s.c[0] + D, s.c[1], s.c[2]] } : { ...s, c0: [s.c0[0] + D, s.c0[1], s.c0[2]], c2: [s.c2[0] + D, s.c2[1], s.c2[2]] };
      const list = strokes.slice(0, upTo);
      return (red(list.map((t, k) => (k === i ? moved as Stroke : t))) - red(list)) / D;
    };
    let worst = 0;
    strokes.forEach((_, i) => {
      const cpuEnd = shown(i, strokes.length);
      const cpuAll = cpuEnd + ends.filter((e) => e > i).reduce((sum, e) => sum + shown(i, e), 0);
      worst = Math.max(worst, Math.abs(atEnd[i] - cpuEnd) / Math.max(1, cpuEnd), Math.abs(withPrefixes[i] - cpuAll) / Math.max(1, cpuAll));
    });
    console.log(`contributions: worst relative |GPU - CPU| = ${worst.toExponential(2)}; final ${atEnd.map((v) => v.toFixed(1)).join(' ')}`);
    expect(worst).toBeLessThan(1e-3);
    expect(alone).toEqual(atEnd);
    // some strokes are partly covered: the prefix canvases add to them
    expect(withPrefixes.some((v, i) => i < 7 && v > atEnd[i] + 1)).toBe(true);
  });

  it('an engine that held many strokes on a wide canvas draws fewer exactly as a fresh engine does (its tiles rebuilt finer)', async () => {
    // On a 1024 px wide canvas, 8 px tiles hold as many strokes as the GPU's largest texture side (a
    // mask row of 128 tiles, each a texel per 128 strokes): more need 16 px tiles, and when half as many
    // come next, the engine rebuilds its stroke state for them
    const maxSide: number = await session().page.evaluate(() => {
      const gl = (globalThis as any).fude.getGL(document.createElement('canvas'));
      return gl.getParameter(gl.MAX_TEXTURE_SIZE);
    });
    const many = Array.from(packStrokes(randomStrokes(maxSide + 1000, 5)));
    const fewer = many.slice(0, (maxSide / 2) * (many.length / (maxSide + 1000)));
    const diff = await session().page.evaluate((many, fewer) => {
      const f = (globalThis as any).fude;
      const gl = f.getGL(document.createElement('canvas'));
      const draw = (e: any, packed: number[]) => { e.setStrokes(new Float32Array(packed)); e.forward(); return e.readCanvas() as Float32Array; };
      const reused = f.createEngine(gl, { width: 1024, height: 24, settings: { sigma: 1 } });
      reused.setBase([0.2, 0.3, 0.4]);
      draw(reused, many);
      const heldWithMany = reused.textureBytes().now;
      const a = draw(reused, fewer);
      const peak = reused.textureBytes().peak;
      const fresh = f.createEngine(gl, { width: 1024, height: 24, settings: { sigma: 1 } });
      fresh.setBase([0.2, 0.3, 0.4]);
      const b = draw(fresh, fewer);
      const bytes = [reused.textureBytes().now, fresh.textureBytes().now];
      reused.dispose(); fresh.dispose();
      let d = 0;
      for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
      return { d, bytes, heldWithMany, peak };
    }, many, fewer);
    expect(diff.d).toBeLessThan(1e-6);
    // and it holds what a fresh engine holds: the state for the many strokes and their 16 px tiles is gone
    expect(diff.bytes[0]).toBe(diff.bytes[1]);
    // the new state was made before the old one went: the peak counts both at once
    expect(diff.peak).toBeGreaterThan(diff.heldWithMany);
  });

  it('zero strokes leave the base untouched', async () => {
    const gpu = await gpuRender([], null);
    expect(gpu.slice(0, 4)).toEqual([0.2, 0.3, 0.4, 1].map((v) => Math.fround(v)));
  });
});
