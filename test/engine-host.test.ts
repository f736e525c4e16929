// The engine as a guest in someone else's WebGL2 app: whatever blend, scissor, masks, bindings and
// pixel-store settings the app has, the engine draws the same pixels and leaves the app's state as it
// was. Programs are shared per context; use after dispose() throws.
import { describe, expect, it } from 'vitest';
import { packStrokes } from '../src/index.js';
import { useGpuPage } from './helpers/gpu.js';
import { randomStrokes } from './helpers/strokes.js';

const { session } = useGpuPage();

describe('the engine in a host app', () => {
  it('draws the same pixels under foreign GL state and restores that state', async () => {
    const packed = Array.from(packStrokes(randomStrokes(8, 3)));
    const r = await session().page.evaluate((packed) => {
      const f = (globalThis as any).fude;
      // batched: every call inside one engine.batch, which saves and restores the host's state once
      const run = (gl: WebGL2RenderingContext, batched = false) => {
        const e = f.createEngine(gl, { width: 40, height: 32, settings: { sigma: 1.5 } });
        const calls = () => {
          e.setBase([0.2, 0.3, 0.4]);
          e.setTarget(new Float32Array(40 * 32 * 4).fill(0.5));
          e.setStrokes(new Float32Array(packed));
          e.step();
          e.forward(false);
          return Array.from(e.readCanvas() as Float32Array);
        };
        const out = batched ? e.batch(calls) : calls();
        e.dispose();
        return out;
      };
      const clean = run(f.getGL(document.createElement('canvas')));
      // a host that left everything the engine could trip over in a strange state
      const gl = f.getGL(document.createElement('canvas')) as WebGL2RenderingContext;
      const tex = gl.createTexture(), fb = gl.createFramebuffer(), vao = gl.createVertexArray(), buf = gl.createBuffer();
      gl.bindTexture(gl.TEXTURE_2D, tex);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 4, 4, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
      gl.bindVertexArray(vao);
      gl.enable(gl.BLEND); gl.blendFunc(gl.ONE, gl.ONE);
      gl.enable(gl.SCISSOR_TEST); gl.scissor(1, 1, 2, 2);
      gl.enable(gl.CULL_FACE); gl.cullFace(gl.FRONT_AND_BACK);
      gl.colorMask(true, false, true, false);
      gl.viewport(3, 4, 5, 6);
      gl.clearColor(0.9, 0.8, 0.7, 0.6);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, true);
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
      gl.pixelStorei(gl.PACK_ALIGNMENT, 2);
      gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, buf);
      gl.activeTexture(gl.TEXTURE5);
      const guest = run(gl);
      const guestBatched = run(gl, true);
      const state = {
        blend: gl.isEnabled(gl.BLEND), scissor: gl.isEnabled(gl.SCISSOR_TEST), cull: gl.isEnabled(gl.CULL_FACE),
        mask: gl.getParameter(gl.COLOR_WRITEMASK), viewport: Array.from(gl.getParameter(gl.VIEWPORT) as Int32Array),
        clear: Array.from(gl.getParameter(gl.COLOR_CLEAR_VALUE) as Float32Array).map((v) => Math.round(v * 10) / 10),
        flipY: gl.getParameter(gl.UNPACK_FLIP_Y_WEBGL), unpackAlign: gl.getParameter(gl.UNPACK_ALIGNMENT), packAlign: gl.getParameter(gl.PACK_ALIGNMENT),
        fb: gl.getParameter(gl.FRAMEBUFFER_BINDING) === fb, vao: gl.getParameter(gl.VERTEX_ARRAY_BINDING) === vao,
        unpackBuffer: gl.getParameter(gl.PIXEL_UNPACK_BUFFER_BINDING) === buf, active: gl.getParameter(gl.ACTIVE_TEXTURE) - gl.TEXTURE0,
      };
      gl.activeTexture(gl.TEXTURE0);
      return { clean, guest, guestBatched, state, boundTex: gl.getParameter(gl.TEXTURE_BINDING_2D) === tex };
    }, packed);
    let diff = 0;
    for (let i = 0; i < r.clean.length; i++) diff = Math.max(diff, Math.abs(r.clean[i] - r.guest[i]), Math.abs(r.clean[i] - r.guestBatched[i]));
    expect(diff).toBe(0);
    expect(r.state).toEqual({
      blend: true, scissor: true, cull: true, mask: [true, false, true, false], viewport: [3, 4, 5, 6], clear: [0.9, 0.8, 0.7, 0.6],
      flipY: true, unpackAlign: 1, packAlign: 2, fb: true, vao: true, unpackBuffer: true, active: 5,
    });
    expect(r.boundTex).toBe(true);
  });

  it('shares programs between engines on a context and refuses use after dispose()', async () => {
    const r = await session().page.evaluate(() => {
      const f = (globalThis as any).fude;
      const gl = f.getGL(document.createElement('canvas'));
      const make = () => { const e = f.createEngine(gl, { width: 16, height: 16 }); e.setStrokes(f.packStrokes([{ type: 'rect', cx: 0.5, cy: 0.5, w: 0.5, h: 0.5, angle: 0, c: [1, 0, 0], alpha: 1 }])); e.forward(false); return e; };
      // count the programs each engine links on this context (a timing said the same, but flakily)
      let linked = 0;
      const link = gl.linkProgram.bind(gl);
      gl.linkProgram = (p: WebGLProgram) => { linked++; link(p); };
      const a = make(); a.readCanvas(); const first = linked;
      const b = make(); b.readCanvas(); const second = linked - first;
      a.dispose();
      a.dispose(); // idempotent
      let error = null;
      try { a.forward(); } catch (e: any) { error = { code: e.code, message: e.message }; }
      b.dispose();
      return { first, second, error };
    });
    console.log(`first engine linked ${r.first} programs, the second ${r.second}`);
    expect(r.first).toBeGreaterThan(0);
    expect(r.second).toBe(0);
    expect(r.error).toEqual({ code: 'disposed', message: 'engine.forward() was called after dispose(): create a new engine' });
  });
});

describe('a GPU with fewer draw buffers', () => {
  it('with 6 the engine writes at most 6 targets per pass and gives the same gradients and frames; with 4 it says why it cannot run', async () => {
    const packed = Array.from(packStrokes(randomStrokes(40, 11)));
    const r = await session().page.evaluate((packed) => {
      const f = (globalThis as any).fude;
      // a context that reports `limit` draw buffers and records the highest output location it is given
      const limited = (limit: number) => {
        const gl = f.getGL(document.createElement('canvas')) as WebGL2RenderingContext;
        const get = gl.getParameter.bind(gl), source = gl.shaderSource.bind(gl);
        const seen = { most: -1 };
        gl.getParameter = (p: number) => (p === gl.MAX_DRAW_BUFFERS || p === gl.MAX_COLOR_ATTACHMENTS ? limit : get(p));
        gl.shaderSource = (sh: WebGLShader, src: string) => {
          for (const m of src.matchAll(/layout\(location = (\d+)\)/g)) seen.most = Math.max(seen.most, Number(m[1]));
          source(sh, src);
        };
        return { gl, seen };
      };
      const run = (gl: WebGL2RenderingContext) => {
        const e = f.createEngine(gl, { width: 48, height: 40, settings: { sigma: 1 } });
        e.setBase([1, 1, 1]);
        e.setTarget(new Float32Array(48 * 40 * 4).map((_, i) => (i % 4 === 3 ? 1 : ((i * 7919) % 97) / 97)));
        e.setStrokes(new Float32Array(packed));
        e.configure({ prefixes: [4, 10, 20, 30].map((end) => ({ end, weight: 0.1 })) }); // 5 blocks
        e.forward(); e.computeLoss(); e.backward();
        const grads = Array.from(e.readGradients() as Float32Array), loss = e.readLoss();
        const frames = e.readFramesBytes(Array.from({ length: e.framesPerPass }, (_, k) => 5 * (k + 1))).map((b: Uint8Array) => Array.from(b));
        const perPass = e.framesPerPass;
        e.dispose();
        return { grads, loss, frames, perPass };
      };
      const six = limited(6);
      const a = run(f.getGL(document.createElement('canvas'))), b = run(six.gl);
      let refused = '';
      try { run(limited(4).gl); } catch (e: any) { refused = `${e.code}: ${e.message}`; }
      return { a, b, most: six.seen.most, refused };
    }, packed);
    expect(r.most).toBeLessThan(6);
    expect(r.b.perPass).toBe(5);
    expect(r.b.loss).toBeCloseTo(r.a.loss, 9);
    const scale = Math.max(...r.a.grads.map(Math.abs));
    r.b.grads.forEach((g, i) => expect(Math.abs(g - r.a.grads[i])).toBeLessThan(1e-5 * scale));
    r.b.frames.forEach((frame: number[], k: number) => expect(frame).toEqual(r.a.frames[k]));
    expect(r.refused).toMatch(/^no-float-targets: This GPU renders to 4 targets at once .*fude's passes write up to 6/);
  });
});
