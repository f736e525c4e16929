// Failure modes of the engine give a clear FudeError, never a silent blank canvas.
import { describe, expect, it } from 'vitest';
import { packStrokes } from '../src/index.js';
import { useGpuPage } from './helpers/gpu.js';
import { randomStrokes } from './helpers/strokes.js';

const { session } = useGpuPage();

/** Runs fn in the page and returns the FudeError it throws as { code, message }, or null. */
async function errorOf(fn: string, arg?: unknown): Promise<{ code: string; message: string } | null> {
  return session().page.evaluate(async (fn, arg) => {
    const f = (globalThis as any).fude;
    try {
      await new Function('f', 'arg', fn)(f, arg);
      return null;
    } catch (e: any) {
      return { code: e.code ?? 'not-a-fude-error', message: String(e.message) };
    }
  }, fn, arg);
}

describe('engine errors', () => {
  it('no WebGL2', async () => {
    const e = await errorOf(`const c = document.createElement('canvas'); c.getContext = () => null; f.getGL(c);`);
    expect(e?.code).toBe('no-webgl2');
    expect(e?.message).toMatch(/WebGL2 is not available/);
  });

  it('no float render targets', async () => {
    const e = await errorOf(`const c = document.createElement('canvas'); const gl = c.getContext('webgl2');
      const real = gl.getExtension.bind(gl); gl.getExtension = (n) => n === 'EXT_color_buffer_float' ? null : real(n);
      f.createEngine(gl, { width: 8, height: 8 });`);
    expect(e?.code).toBe('no-float-targets');
    expect(e?.message).toMatch(/EXT_color_buffer_float/);
  });

  it('a shader compile failure shows the numbered source and the error', async () => {
    const e = await errorOf(`const gl = f.getGL(document.createElement('canvas'));
      f.createPass(gl, '#version 300 es\\nprecision highp float;\\nout vec4 o;\\nvoid main() { o = vec4(undefinedThing); }', 'broken');`);
    expect(e?.code).toBe('shader-compile');
    expect(e?.message).toMatch(/shader "broken" failed to compile/);
    expect(e?.message).toMatch(/undefinedThing/);
    expect(e?.message).toMatch(/\b4: void main/);
  });

  it('a lost context is reported on the next call', async () => {
    const e = await errorOf(`const gl = f.getGL(document.createElement('canvas'));
      const engine = f.createEngine(gl, { width: 16, height: 16 });
      gl.getExtension('WEBGL_lose_context').loseContext();
      engine.forward();`);
    expect(e?.code).toBe('context-lost');
    expect(e?.message).toMatch(/context was lost/);
  });

  it('NaN parameters are refused on the way in', async () => {
    const packed = Array.from(packStrokes(randomStrokes(2, 1)));
    const e = await errorOf(`const engine = f.createEngine(f.getGL(document.createElement('canvas')), { width: 16, height: 16 });
      const packed = new Float32Array(arg); packed[16 + 2] = NaN;
      engine.setStrokes(packed);`, packed);
    expect(e?.code).toBe('nan');
    expect(e?.message).toMatch(/stroke 1 has a non-finite parameter \(slot 2/);
  });

  it('a NaN reached during optimization is reported when the loss is read', async () => {
    const packed = Array.from(packStrokes(randomStrokes(2, 1)));
    const e = await errorOf(`const engine = f.createEngine(f.getGL(document.createElement('canvas')), { width: 16, height: 16 });
      const target = new Float32Array(16 * 16 * 4).fill(0.5); target[5] = NaN;
      engine.setTarget(target); engine.setStrokes(new Float32Array(arg));
      engine.step(); engine.forward(); engine.computeLoss(); engine.readLoss();`, packed);
    expect(e?.code).toBe('nan');
    expect(e?.message).toMatch(/loss is not finite/);
  });

  it('a canvas larger than the GPU allows is refused with the limit', async () => {
    const e = await errorOf(`f.createEngine(f.getGL(document.createElement('canvas')), { width: 100000, height: 16 });`);
    expect(e?.code).toBe('bad-input');
    expect(e?.message).toMatch(/outside what this GPU allows \(1\.\.\d+ px/);
  });
});
