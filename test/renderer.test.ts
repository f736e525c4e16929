// The renderer choice: `auto` takes the best that works (a GPU, then llvmpipe, then SwiftShader) and says
// which; each software renderer draws what the float64 reference draws.
import { describe, expect, it } from 'vitest';
import { renderCPU } from '../src/cpu/reference.js';
import { machineHasGpu, ONE_PROCESS_FLAGS, waysFor } from '../src/node/browser.js';
import { mergeFeatureFlags } from '../src/node/browser-process.js';
import { openSession, packStrokes, type RendererChoice } from '../src/node/index.js';
import { randomStrokes } from './helpers/strokes.js';

async function drawOn(renderer: RendererChoice) {
  const session = await openSession({ renderer });
  try {
    const packed = Array.from(packStrokes(randomStrokes(6, 9)));
    const canvas = await session.page.evaluate((packed) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: 40, height: 30, settings: { sigma: 1.5 } });
      e.setBase([0.1, 0.2, 0.3]); e.setStrokes(new Float32Array(packed)); e.forward(false);
      const out = Array.from(e.readCanvas() as Float32Array); e.dispose(); return out;
    }, packed);
    const cpu = renderCPU(packed, { W: 40, H: 30, sigma: 1.5 }, [0.1, 0.2, 0.3]);
    let diff = 0;
    for (let i = 0; i < 40 * 30; i++) for (let k = 0; k < 3; k++) diff = Math.max(diff, Math.abs(canvas[i * 4 + k] - cpu[i * 3 + k]));
    return { kind: session.rendererKind, renderer: session.renderer, diff };
  } finally {
    await session.close();
  }
}

describe('renderer choice', () => {
  it('auto picks the best renderer that works (here: llvmpipe, as the machine has no GPU) and names it', async () => {
    const r = await drawOn('auto');
    console.log(`auto: ${r.renderer}`);
    expect(r.kind).toBe(machineHasGpu() ? 'gpu' : 'llvmpipe');
    expect(r.diff).toBeLessThan(2e-5);
  });

  for (const choice of ['llvmpipe', 'swiftshader'] as const) {
    it(`${choice} draws what the reference draws`, async () => {
      const r = await drawOn(choice);
      expect(r.kind).toBe(choice);
      expect(r.diff).toBeLessThan(2e-5);
    });
  }

  it('asking for a GPU on a machine without one fails with a clear message', async () => {
    if (machineHasGpu()) return;
    await expect(openSession({ renderer: 'gpu' })).rejects.toThrow(/no renderer passed the WebGL2 check \(gpu: got a software renderer, ANGLE .*llvmpipe.*\); --renderer auto \(the default\) takes the first of a GPU, llvmpipe and SwiftShader that works \(this machine has no GPU device/);
  });
});

describe('launch flags', () => {
  it('one --enable-features and one --disable-features, each the union of all given, the start URL last', () => {
    const merged = mergeFeatureFlags(['--a', '--enable-features=X,Y', '--disable-features=P', '--enable-features=Vulkan,X', '--b', '--disable-features=Q', 'http://127.0.0.1/']);
    expect(merged).toEqual(['--a', '--b', '--enable-features=X,Y,Vulkan', '--disable-features=P,Q', 'http://127.0.0.1/']);
    expect(mergeFeatureFlags(['--a'])).toEqual(['--a']);
  });

  it('a software renderer runs in one process unless isolated (the option, or FUDE_ISOLATE=1); a GPU always isolated', () => {
    const oneProcess = (ways: { args: string[] }[]) => ways.map((w) => ONE_PROCESS_FLAGS.every((f) => w.args.includes(f)));
    const before = process.env.FUDE_ISOLATE;
    try {
      delete process.env.FUDE_ISOLATE;
      expect(oneProcess(waysFor('llvmpipe', {}))).toEqual([true]);
      expect(oneProcess(waysFor('swiftshader', {}))).toEqual([true]);
      expect(oneProcess(waysFor('swiftshader', { isolate: true }))).toEqual([false]);
      expect(oneProcess(waysFor('gpu', {})).every((one) => !one)).toBe(true);
      process.env.FUDE_ISOLATE = '1';
      expect(oneProcess(waysFor('llvmpipe', {}))).toEqual([false]);
      expect(oneProcess(waysFor('llvmpipe', { isolate: false }))).toEqual([true]);
    } finally {
      if (before === undefined) delete process.env.FUDE_ISOLATE; else process.env.FUDE_ISOLATE = before;
    }
  });
});
