// The differentiable stroke engine: forward, loss, backward and Adam as render passes over float textures.
// Nothing is read back per step; the caller asks for the loss, the canvas or the strokes when it wants them.
// Its state is one record (engine-core.ts) that the passes (engine-passes.ts) and the read-backs
// (engine-reads.ts) share; this file checks each call and sets the GL state it needs.
import { FudeError } from '../errors.js';
import { buildSpec } from '../optim/spec.js';
import { DISPLAY_FS } from '../shaders/passes.glsl.js';
import { FLOATS_PER_STROKE, STROKE_TYPES, TEXELS_PER_STROKE, typeOfId, type StrokeFeature } from '../strokes/layout.js';
import { checkGL, contextGone, lostContext, rendererName, runPass, uploadFloat } from './gl.js';
import { enterEngineState, type StateGroup } from './gl-state.js';
import type { Engine, EngineOptions } from './engine-types.js';
import { createStrokeState, tileSizeFor, uploadStrokeData } from './stroke-state.js';
import { createCore, disposeCore, ensureCanvas, invalidate, notePeak, pass, strokeStateBytes, textureBytes, toFloatRGBA, type EngineCore } from './engine-core.js';
import { adamStep, backward, computeLoss, forward } from './engine-passes.js';
import {
  readCanvas, readCanvasBytes, readFramesBytes, readGradients, readLoss, readOptimizerState, readStats, readStrokes, readVisibility,
} from './engine-reads.js';

export type { Engine, EngineOptions, EngineSettings, EngineStats, LossKind, OptimizerState, PaintingFrame, PrefixTerm } from './engine-types.js';

export function createEngine(gl: WebGL2RenderingContext, options: EngineOptions): Engine {
  checkGL(gl);
  const vao = gl.createVertexArray()!;
  // allocation and uploads under the engine's state: a host's bound unpack buffer or FLIP_Y would spoil them
  const leave = enterEngineState(gl, vao, ['draw', 'unpack']);
  try {
    return buildEngine(gl, options, vao);
  } catch (e) {
    gl.deleteVertexArray(vao);
    throw e;
  } finally {
    leave();
  }
}

function buildEngine(gl: WebGL2RenderingContext, options: EngineOptions, vao: WebGLVertexArrayObject): Engine {
  const { width, height } = options;
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  if (!(width >= 1 && height >= 1 && width <= maxSize && height <= maxSize)) {
    throw new FudeError('bad-input', `canvas ${width}x${height} is outside what this GPU allows (1..${maxSize} px per side)`);
  }
  const core: EngineCore = createCore(gl, vao, options);
  let disposed = false;
  let lost = false;
  const onLost = (e: Event) => { lost = true; e.preventDefault(); };
  gl.canvas.addEventListener('webglcontextlost', onLost as EventListener);

  /**
   * Every public call: refuse after dispose or a lost context, set the GL state of the groups it uses
   * (gl-state.ts) and restore it after. Nested calls (step -> forward ...) run inside the outer one's.
   */
  let depth = 0;
  function guarded<A extends unknown[], R>(name: string, groups: readonly StateGroup[], fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      if (disposed) throw new FudeError('disposed', `engine.${name}() was called after dispose(): create a new engine`);
      if (lost || gl.isContextLost()) throw lostContext();
      if (depth > 0 || groups.length === 0) return fn(...args);
      const leave = enterEngineState(gl, vao, groups);
      depth++;
      let result: R;
      try { result = fn(...args); } finally { depth--; leave(); }
      // a read-back on a context lost while it ran gives zeros, not the strokes: never hand those on
      // (reads wait for the GPU anyway, so asking for its error costs nothing more)
      if (groups.includes('pack') && contextGone(gl)) { lost = true; throw lostContext(); }
      return result;
    };
  }
  const DRAW = ['draw'] as const, UNPACK = ['unpack'] as const, READ = ['draw', 'pack'] as const;

  function uploadFlags(frozen: number | ArrayLike<boolean | number> | undefined): void {
    const flags = new Float32Array(core.count * 4);
    for (let i = 0; i < core.count; i++) flags[i * 4] = (typeof frozen === 'number' ? i < frozen : frozen ? !!frozen[i] : false) ? 1 : 0;
    uploadStrokeData(gl, core.strokes.flags.textures[0], flags, core.count, 1);
  }

  const engine: Engine = {
    gl, width, height, painting: core.painting, framesPerPass: core.framesPerPass,
    renderer: rendererName(gl),
    get count() { return core.count; },
    get settings() { return core.settings; },

    configure: guarded('configure', [], (next) => {
      const was = core.settings;
      core.settings = { ...was, ...next, lr: { ...was.lr, ...next.lr }, bounds: { ...was.bounds, ...next.bounds }, adam: { ...was.adam, ...next.adam } };
      if (next.sigma !== undefined) invalidate(core); // coverage and bounds depend on it
      if (!(core.settings.sigma > 0)) throw new FudeError('bad-option', `edge width sigma must be > 0 pixels, got ${core.settings.sigma}`);
      if (next.lr || next.bounds) {
        const leave = enterEngineState(gl, vao, ['unpack']);
        gl.bindTexture(gl.TEXTURE_2D, core.spec);
        gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 16, STROKE_TYPES.length, gl.RGBA, gl.FLOAT, buildSpec(core.settings.lr, core.settings.bounds));
        leave();
      }
    }),

    setTarget: guarded('setTarget', UNPACK, (rgba) => { uploadFloat(gl, core.target.get(), toFloatRGBA(core, rgba, 'target image')); core.blurredTargetRadius = -1; }),

    setBase: guarded('setBase', ['unpack', 'clear', 'draw'], (b) => {
      if (b.length === 3) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, core.base.fbi.framebuffer);
        gl.clearColor(b[0], b[1], b[2], 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
      } else uploadFloat(gl, core.base, toFloatRGBA(core, b as Float32Array, 'base image'));
      core.canvasFresh = false;
      core.forwardKind = 'none';
    }),

    freezeCanvas: guarded('freezeCanvas', DRAW, () => {
      ensureCanvas(core);
      [core.base, core.canvas] = [core.canvas, core.base];
      core.canvasFresh = false;
      core.forwardKind = 'none';
    }),

    setRegion: guarded('setRegion', [], (x, y) => { core.painting.x = x; core.painting.y = y; invalidate(core); }),

    setStrokes: guarded('setStrokes', UNPACK, (packed, frozen, state) => {
      const n = packed.length / FLOATS_PER_STROKE;
      if (!Number.isInteger(n)) throw new FudeError('bad-input', `packed strokes must be a multiple of ${FLOATS_PER_STROKE} floats, got ${packed.length}`);
      if (state && (state.m.length !== packed.length || state.v.length !== packed.length)) {
        throw new FudeError('bad-input', `the optimizer state must have ${packed.length} floats per moment (one per stroke parameter), got ${state.m.length} and ${state.v.length}`);
      }
      const bad = packed.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new FudeError('nan', `stroke ${Math.floor(bad / FLOATS_PER_STROKE)} has a non-finite parameter (slot ${bad % FLOATS_PER_STROKE}: ${packed[bad]})`);
      // Room for n strokes. A capacity grown for many strokes (a relocation round measures all of a
      // 10 000-stroke painting) forces coarser tiles on a wide canvas (16 px at 1024 px on SwiftShader's
      // 8192 px textures) and holds their state; when n strokes would get finer tiles, the state is
      // rebuilt for them (1000 brushes @ 1024 px: 630 ms a step on 8 px tiles, 675 on 16 px).
      const { strokes } = core;
      const finer = n <= strokes.capacity && !options.tileSize && tileSizeFor(gl, width, n) < strokes.tileSize;
      if (n > strokes.capacity || finer) {
        const next = createStrokeState(gl, width, height, finer ? n : Math.max(n, strokes.capacity * 2), options.tileSize);
        notePeak(core, strokeStateBytes(next)); // both states are held until the old one goes
        strokes.dispose();
        core.strokes = next;
      }
      core.count = n;
      invalidate(core);
      const present = new Set<StrokeFeature>();
      for (let i = 0; i < n; i++) {
        const slot = packed[i * FLOATS_PER_STROKE + 15], type = typeOfId(slot);
        present.add(type);
        if (type === 'brush' && slot > 0) present.add('bristles');
      }
      if (present.size) core.typesKey = [...STROKE_TYPES, 'bristles' as const].filter((t) => present.has(t)).join(',');
      const [params, m, v] = core.strokes.params[0].textures;
      uploadStrokeData(gl, params, packed, n, TEXELS_PER_STROKE);
      const zeros = state ? undefined : new Float32Array(packed.length);
      uploadStrokeData(gl, m, state?.m ?? zeros!, n, TEXELS_PER_STROKE);
      uploadStrokeData(gl, v, state?.v ?? zeros!, n, TEXELS_PER_STROKE);
      uploadFlags(frozen);
      notePeak(core);
    }),

    setFrozen: guarded('setFrozen', UNPACK, (frozen) => {
      if (typeof frozen !== 'number' && frozen.length !== core.count) throw new FudeError('bad-input', `setFrozen needs a flag for each of the ${core.count} strokes, got ${frozen.length}`);
      uploadFlags(frozen);
      invalidate(core); // the bounds pass carries the flags to the tiles and the backward
    }),

    readOptimizerState: guarded('readOptimizerState', READ, () => readOptimizerState(core)),
    readStrokes: guarded('readStrokes', READ, () => readStrokes(core)),
    forward: guarded('forward', DRAW, (forGradient = true) => forward(core, forGradient)),
    computeLoss: guarded('computeLoss', DRAW, () => computeLoss(core)),
    backward: guarded('backward', DRAW, () => backward(core)),
    adamStep: guarded('adamStep', DRAW, () => adamStep(core)),
    step: guarded('step', DRAW, () => {
      forward(core, true);
      computeLoss(core);
      backward(core);
      adamStep(core);
    }),
    readLoss: guarded('readLoss', READ, () => readLoss(core)),
    readStats: guarded('readStats', READ, (prefixes = false) => readStats(core, prefixes)),
    readCanvas: guarded('readCanvas', READ, () => readCanvas(core)),
    readCanvasBytes: guarded('readCanvasBytes', READ, () => readCanvasBytes(core)),
    readFramesBytes: guarded('readFramesBytes', READ, (ends) => readFramesBytes(core, ends)),
    readGradients: guarded('readGradients', READ, () => readGradients(core)),
    readContributions: guarded('readContributions', READ, () => readVisibility(core, []).atEnd),
    readVisibility: guarded('readVisibility', READ, (alsoAfter: readonly number[] = []) => readVisibility(core, alsoAfter)),

    display: guarded('display', DRAW, () => {
      ensureCanvas(core);
      runPass(gl, pass(core, 'display', () => DISPLAY_FS), null, { u_canvas: core.canvas.textures[0], u_viewSize: [gl.drawingBufferWidth, gl.drawingBufferHeight] });
    }),

    batch: guarded('batch', ['draw', 'unpack', 'pack', 'clear'], (work) => work()) as Engine['batch'],

    sync: guarded('sync', READ, () => {
      const px = new Float32Array(4);
      gl.bindFramebuffer(gl.FRAMEBUFFER, core.canvas.fbi.framebuffer);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, px);
    }),

    // the peak counts what is held now: a read that allocates (a visibility walk's layers) notes no peak itself
    textureBytes: () => {
      const now = disposed ? 0 : textureBytes(core);
      return { now, peak: Math.max(core.peakBytes, now) };
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      gl.canvas.removeEventListener('webglcontextlost', onLost as EventListener);
      if (gl.isContextLost()) return;
      disposeCore(core);
      gl.deleteVertexArray(vao);
    },
  };
  notePeak(core);
  return engine;
}
