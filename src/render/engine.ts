// The differentiable stroke engine: forward, loss, backward and Adam as render passes over float textures.
// Nothing is read back per step; the caller asks for the loss, the canvas or the strokes when it wants them.
import * as twgl from 'twgl.js';
import { FudeError } from '../errors.js';
import { ADAM_FS } from '../optim/adam.glsl.js';
import { BLUR_RESIDUAL_FS, BOX_BLUR_FS } from '../shaders/blur.glsl.js';
import { buildSpec } from '../optim/spec.js';
import { ADJOINT_FS, adjointLayers, FUSED_BLOCKS, PREFIX_ERROR_FS } from '../shaders/adjoint.glsl.js';
import { BACKWARD_FS, CHUNK_TEXELS, CHUNKS, GATHER_CHUNKS_FS, MAX_FLAT_TEXELS } from '../shaders/backward.glsl.js';
import { FORWARD_CHECKPOINT_FS, FORWARD_FS, FRAMES_FS, FRAMES_PER_PASS } from '../shaders/forward.glsl.js';
import { DISPLAY_FS, TO_BYTES_FS } from '../shaders/passes.glsl.js';
import { BOUNDS_FS, OCCUPANCY_FS, TILES_FS } from '../shaders/tiles.glsl.js';
import { FLOATS_PER_STROKE, STROKE_TYPES, TEXELS_PER_STROKE, typeOfId, type StrokeFeature } from '../strokes/layout.js';
import { checkGL, contextGone, createTarget, drawBufferLimit, lostContext, readFloat, rendererName, runPass, uploadFloat, type Target } from './gl.js';
import { cachedPass } from './programs.js';
import { enterEngineState, type StateGroup } from './gl-state.js';
import { createSummer, type Summer } from './sum.js';
import { DEFAULT_ENGINE_SETTINGS, type Engine, type EngineOptions, type EngineSettings } from './engine-types.js';
import { COARSE, createStrokeState, tileSizeFor, readStrokeData, strokeViewport, uploadStrokeData, type StrokeState } from './stroke-state.js';
import { blockMasks, blockTexels, blockUniforms, createCheckpointTargets, maxBlocksOn, resolveBlocks, type Blocks } from './checkpoints.js';

export type { Engine, EngineOptions, EngineSettings, EngineStats, LossKind, OptimizerState, PaintingFrame, PrefixTerm } from './engine-types.js';

/** A resource made on first get() (texture allocation needs the unpack state: see gl-state.ts); dispose() frees it only if it was made. */
function lazy<T extends { dispose(): void; bytes?: number }>(gl: WebGL2RenderingContext, vao: WebGLVertexArrayObject, make: () => T): { get(): T; made(): T | null; dispose(): void } {
  let value: T | null = null;
  const get = () => {
    if (!value) {
      const leave = enterEngineState(gl, vao, ['unpack']);
      try { value = make(); } finally { leave(); }
    }
    return value;
  };
  return { get, made: () => value, dispose: () => { value?.dispose(); value = null; } };
}

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

/** GPU memory the frames pass's RGBA8 targets may take (readFramesBytes). */
const FRAMES_BYTES = 64 * 2 ** 20;

function buildEngine(gl: WebGL2RenderingContext, options: EngineOptions, vao: WebGLVertexArrayObject): Engine {
  const { width, height } = options;
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  if (!(width >= 1 && height >= 1 && width <= maxSize && height <= maxSize)) {
    throw new FudeError('bad-input', `canvas ${width}x${height} is outside what this GPU allows (1..${maxSize} px per side)`);
  }
  const painting = { ...(options.painting ?? { width, height, x: 0, y: 0 }) };
  // passes that write several targets at once: the checkpoint forward (a block's canvas each, and the
  // canvas), the fused forward (and each block's adjoint), the frames pass
  const outputs = drawBufferLimit(gl);
  const maxBlocks = maxBlocksOn(gl);
  // and the frames' RGBA8 targets within 64 MB: 7 at up to 1536 px a side, 1 at 4096
  const framesPerPass = Math.max(1, Math.min(FRAMES_PER_PASS, outputs - 1, Math.floor(FRAMES_BYTES / (4 * width * height))));
  let settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, ...options.settings };
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

  const pass = (key: string, source: () => string) => cachedPass(gl, key, source);
  let typesKey = 'brush';
  const types = () => typesKey.split(',') as StrokeFeature[];

  let canvas = createTarget(gl, width, height);
  let base = createTarget(gl, width, height);
  // Targets only optimization needs are made on first use, so rendering a large canvas allocates just
  // the canvas and its base (a 4096² render would otherwise ask for ~16 RGBA32F textures of 256 MB).
  const target = lazy(gl, vao, () => createTarget(gl, width, height));
  const prefixErrors = lazy(gl, vao, () => createTarget(gl, width, height, 2));
  const cps = lazy(gl, vao, () => createCheckpointTargets(gl, width, height));
  // long-range term: scratch, blurred canvas, blurred target (cached), residual, blurred residual
  const blur = lazy(gl, vao, () => {
    const list = Array.from({ length: 5 }, () => createTarget(gl, width, height));
    return { list, bytes: list.length * list[0].bytes, dispose: () => list.forEach((t) => t.dispose()) };
  });
  let blurredTargetRadius = -1;
  const blurInto = (src: WebGLTexture, dst: Target) => {
    const r = Math.max(1, Math.round(settings.blurRadius));
    const scratch = blur.get().list[0];
    runPass(gl, pass('box-blur', () => BOX_BLUR_FS), scratch, { u_src: src, u_dir: [1, 0], u_radius: r, u_srcSize: [width, height] });
    runPass(gl, pass('box-blur', () => BOX_BLUR_FS), dst, { u_src: scratch.textures[0], u_dir: [0, 1], u_radius: r, u_srcSize: [width, height] });
  };
  const summer = lazy(gl, vao, (): Summer => createSummer(gl, width, height));
  const bytesTarget = lazy(gl, vao, () => createTarget(gl, width, height, 1, 'rgba8'));
  const framesTarget = lazy(gl, vao, () => createTarget(gl, width, height, framesPerPass, 'rgba8'));
  const spec = twgl.createTexture(gl, {
    width: 16, height: STROKE_TYPES.length, internalFormat: gl.RGBA32F, minMag: gl.NEAREST,
    src: buildSpec(settings.lr, settings.bounds),
  });

  // Per-stroke state, sized to the capacity (reallocated, twice as large, when more strokes arrive).
  let strokes: StrokeState = createStrokeState(gl, width, height, options.capacity ?? 64, options.tileSize);
  let count = 0;
  // Checkpoint blocks of the current strokes and objective, and their masks (made when either changes).
  let blocks: Blocks = { ends: [], weights: [] };
  let blocksKey = '';
  let blockMask: Target | null = null;
  // What the textures hold. tilesFresh: bounds and tile lists of the current strokes; canvasFresh: the
  // canvas texture is the current strokes over the current base; forwardKind: the last forward, whose
  // checkpoints the backward needs; lossBlocks: blocks of the adjoint layers (0: no loss computed);
  // prefixReady: the checkpoints behind those layers are still there, for the prefix errors.
  let tilesFresh = false, canvasFresh = false;
  let forwardKind: 'none' | 'plain' | 'gradient' = 'none';
  let lossBlocks = 0;
  let prefixReady = false;
  /** The strokes or the canvas under them changed: every derived texture is stale. */
  const invalidate = () => { tilesFresh = false; canvasFresh = false; forwardKind = 'none'; };
  let peakBytes = 0;

  function textureBytes(): number {
    const parts = [canvas, base, target.made(), prefixErrors.made(), cps.made(), blur.made(), summer.made(), bytesTarget.made(), framesTarget.made(), blockMask, strokes.flags, strokes.bounds, strokes.coarseTiles, strokes.tiles, strokes.occupancy, strokes.chunks, strokes.grads, ...strokes.params];
    return parts.reduce((sum, t) => sum + (t?.bytes ?? 0), 0);
  }
  const notePeak = () => { peakBytes = Math.max(peakBytes, textureBytes()); };

  /** Blocks for the current count and prefix terms; rebuilds their masks when they change. */
  function currentBlocks(): Blocks {
    const key = `${count}|${JSON.stringify(settings.prefixes)}|${settings.finalWeight}|${strokes.maskTexels}`;
    if (key !== blocksKey) {
      blocks = resolveBlocks(count, settings.prefixes, settings.finalWeight, maxBlocks);
      blocksKey = key;
      const leave = enterEngineState(gl, vao, ['unpack']); // rare: only when the blocks change
      try {
        if (!blockMask || blockMask.width !== strokes.maskTexels) {
          blockMask?.dispose();
          blockMask = createTarget(gl, strokes.maskTexels, 8, 1, 'rgba32ui');
        }
        if (blocks.ends.length) {
          gl.bindTexture(gl.TEXTURE_2D, blockMask.textures[0]);
          gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, strokes.maskTexels, blocks.ends.length, gl.RGBA_INTEGER, gl.UNSIGNED_INT, blockMasks(blocks, strokes.maskTexels));
        }
      } finally {
        leave();
      }
    }
    return blocks;
  }

  const strokeUniforms = () => ({
    u_params: strokes.params[0].textures[0], u_frame: strokes.bounds.textures[1], u_shape: strokes.bounds.textures[3], u_size: [painting.width, painting.height], u_offset: [painting.x, painting.y],
    u_sigma: settings.sigma, u_count: count, u_tiles: strokes.tiles.textures[0], u_occupancy: strokes.occupancy.textures[0], u_tileSize: strokes.tileSize, u_tilesX: strokes.tilesX, u_base: base.textures[0],
  });

  function toFloatRGBA(data: Float32Array | Uint8Array | Uint8ClampedArray, what: string): Float32Array {
    if (data.length !== width * height * 4) {
      throw new FudeError('bad-input', `${what} has ${data.length} values; a ${width}x${height} RGBA image needs ${width * height * 4}`);
    }
    if (data instanceof Float32Array) return data;
    const out = new Float32Array(data.length); // a loop: Float32Array.from(data, fn) is several times slower
    for (let i = 0; i < out.length; i++) out[i] = data[i] / 255;
    return out;
  }

  const adjointSum = (layer: number) => summer.get().sum(cps.get().adjoints, layer);
  let visibility = false; // readContributions: the unit adjoint instead of the loss
  const lossUniforms = () => ({
    u_lossKind: visibility ? 0 : settings.loss === 'l1' ? 1 : 2, u_norm: 1 / (3 * width * height),
    u_prefixChannels: visibility ? [0, 1, 0] : [1, 1, 1],
  });

  function uploadFlags(frozen: number | ArrayLike<boolean | number> | undefined): void {
    const flags = new Float32Array(count * 4);
    for (let i = 0; i < count; i++) flags[i * 4] = (typeof frozen === 'number' ? i < frozen : frozen ? !!frozen[i] : false) ? 1 : 0;
    uploadStrokeData(gl, strokes.flags.textures[0], flags, count, 1);
  }

  /** Bounds and tile lists of the current strokes (skipped when nothing moved since). */
  function prepareTiles(): void {
    if (tilesFresh || count === 0) return;
    const { u_frame: _frames, u_shape: _shapes, ...params } = strokeUniforms(); // the bounds pass writes these
    const { bounds, coarseTiles, tiles, tileSize, tilesX, tilesY, coarseX, coarseY } = strokes;
    runPass(gl, pass('bounds', () => BOUNDS_FS), bounds, { ...params, u_flags: strokes.flags.textures[0] }, strokeViewport(count, 1));
    const boxes = { u_bounds: bounds.textures[0], u_frame: bounds.textures[1], u_extent: bounds.textures[2], u_count: count };
    const texels = Math.ceil(count / 128);
    runPass(gl, pass('coarse-tiles', () => TILES_FS(false)), coarseTiles, { ...boxes, u_tileSize: tileSize * COARSE, u_tilesX: coarseX }, [0, 0, coarseX * texels, coarseY]);
    runPass(gl, pass('tiles', () => TILES_FS(true)), tiles, { ...boxes, u_tileSize: tileSize, u_tilesX: tilesX, u_coarse: coarseTiles.textures[0], u_coarseRatio: COARSE, u_coarseTilesX: coarseX },
      [0, 0, tilesX * texels, tilesY]);
    runPass(gl, pass('occupancy', () => OCCUPANCY_FS), strokes.occupancy, { u_tiles: tiles.textures[0], u_tilesX: tilesX, u_texels: texels },
      [0, 0, tilesX * Math.ceil(texels / 128), tilesY]);
    tilesFresh = true;
  }
  /** The current strokes over the base into the canvas texture. */
  function renderCanvas(): void {
    prepareTiles();
    runPass(gl, pass(`forward[${typesKey}]`, () => FORWARD_FS(types())), canvas, strokeUniforms());
    canvasFresh = true;
    notePeak();
  }
  const ensureCanvas = () => { if (!canvasFresh) renderCanvas(); };

  const engine: Engine = {
    gl, width, height, painting, framesPerPass,
    renderer: rendererName(gl),
    get count() { return count; },
    get settings() { return settings; },

    configure: guarded('configure', [], (next) => {
      settings = { ...settings, ...next, lr: { ...settings.lr, ...next.lr }, bounds: { ...settings.bounds, ...next.bounds }, adam: { ...settings.adam, ...next.adam } };
      if (next.sigma !== undefined) invalidate(); // coverage and bounds depend on it
      if (!(settings.sigma > 0)) throw new FudeError('bad-option', `edge width sigma must be > 0 pixels, got ${settings.sigma}`);
      if (next.lr || next.bounds) {
        const leave = enterEngineState(gl, vao, ['unpack']);
        gl.bindTexture(gl.TEXTURE_2D, spec);
        gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 16, STROKE_TYPES.length, gl.RGBA, gl.FLOAT, buildSpec(settings.lr, settings.bounds));
        leave();
      }
    }),

    setTarget: guarded('setTarget', UNPACK, (rgba) => { uploadFloat(gl, target.get(), toFloatRGBA(rgba, 'target image')); blurredTargetRadius = -1; }),

    setBase: guarded('setBase', ['unpack', 'clear', 'draw'], (b) => {
      if (b.length === 3) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, base.fbi.framebuffer);
        gl.clearColor(b[0], b[1], b[2], 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
      } else uploadFloat(gl, base, toFloatRGBA(b as Float32Array, 'base image'));
      canvasFresh = false;
      forwardKind = 'none';
    }),

    freezeCanvas: guarded('freezeCanvas', DRAW, () => {
      ensureCanvas();
      [base, canvas] = [canvas, base];
      canvasFresh = false;
      forwardKind = 'none';
    }),

    setRegion: guarded('setRegion', [], (x, y) => { painting.x = x; painting.y = y; invalidate(); }),

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
      const finer = n <= strokes.capacity && !options.tileSize && tileSizeFor(gl, width, n) < strokes.tileSize;
      if (n > strokes.capacity || finer) {
        const next = createStrokeState(gl, width, height, finer ? n : Math.max(n, strokes.capacity * 2), options.tileSize);
        strokes.dispose();
        strokes = next;
      }
      count = n;
      invalidate();
      const present = new Set<StrokeFeature>();
      for (let i = 0; i < n; i++) {
        const slot = packed[i * FLOATS_PER_STROKE + 15], type = typeOfId(slot);
        present.add(type);
        if (type === 'brush' && slot > 0) present.add('bristles');
      }
      if (present.size) typesKey = [...STROKE_TYPES, 'bristles' as const].filter((t) => present.has(t)).join(',');
      const [params, m, v] = strokes.params[0].textures;
      uploadStrokeData(gl, params, packed, n, TEXELS_PER_STROKE);
      const zeros = state ? undefined : new Float32Array(packed.length);
      uploadStrokeData(gl, m, state?.m ?? zeros!, n, TEXELS_PER_STROKE);
      uploadStrokeData(gl, v, state?.v ?? zeros!, n, TEXELS_PER_STROKE);
      uploadFlags(frozen);
      notePeak();
    }),

    setFrozen: guarded('setFrozen', UNPACK, (frozen) => {
      if (typeof frozen !== 'number' && frozen.length !== count) throw new FudeError('bad-input', `setFrozen needs a flag for each of the ${count} strokes, got ${frozen.length}`);
      uploadFlags(frozen);
      invalidate(); // the bounds pass carries the flags to the tiles and the backward
    }),

    readOptimizerState: guarded('readOptimizerState', READ, () => ({
      m: readStrokeData(gl, strokes.params[0], 1, count, TEXELS_PER_STROKE),
      v: readStrokeData(gl, strokes.params[0], 2, count, TEXELS_PER_STROKE),
    })),

    readStrokes: guarded('readStrokes', READ, () => {
      const out = readStrokeData(gl, strokes.params[0], 0, count, TEXELS_PER_STROKE);
      const bad = out.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new FudeError('nan', `optimization produced a non-finite parameter (stroke ${Math.floor(bad / FLOATS_PER_STROKE)}, slot ${bad % FLOATS_PER_STROKE}): lower the learning rates`);
      return out;
    }),

    forward: guarded('forward', DRAW, (forGradient = true) => {
      lossBlocks = 0;
      prefixReady = false;
      if (!forGradient || count === 0) {
        renderCanvas();
        forwardKind = 'plain';
        return;
      }
      prepareTiles();
      const b = currentBlocks(), B = b.ends.length;
      // fused: the adjoint is computed in the forward, which then leaves the canvas texture alone
      const fused = B <= FUSED_BLOCKS && B + adjointLayers(B) <= outputs && settings.blurWeight === 0;
      const u = { ...strokeUniforms(), ...blockUniforms(b) };
      if (fused) {
        runPass(gl, pass(`checkpoint-fused-${B}[${typesKey}]`, () => FORWARD_CHECKPOINT_FS(types(), B, true)), cps.get().fused(B, adjointLayers(B)),
          { ...u, ...lossUniforms(), u_target: target.get().textures[0] });
        canvasFresh = false;
        lossBlocks = B;
        prefixReady = true;
      } else {
        runPass(gl, pass(`checkpoint-${B}[${typesKey}]`, () => FORWARD_CHECKPOINT_FS(types(), B, false)), cps.get().forward(B, canvas.textures[0]), u);
        canvasFresh = true;
      }
      forwardKind = 'gradient';
      notePeak();
    }),

    computeLoss: guarded('computeLoss', DRAW, () => {
      if (forwardKind === 'none') throw new FudeError('bad-input', 'computeLoss() needs a forward() first');
      if (lossBlocks > 0) return; // fused into the gradient forward
      const blurTerm = settings.blurWeight > 0;
      let blurGrad: Target | undefined, residual: Target | undefined;
      if (blurTerm) {
        const [, blurCanvas, blurTarget] = blur.get().list;
        [residual, blurGrad] = blur.get().list.slice(3);
        if (blurredTargetRadius !== settings.blurRadius) { blurInto(target.get().textures[0], blurTarget); blurredTargetRadius = settings.blurRadius; }
        blurInto(canvas.textures[0], blurCanvas);
        runPass(gl, pass('blur-residual', () => BLUR_RESIDUAL_FS), residual, { u_blurCanvas: blurCanvas.textures[0], u_blurTarget: blurTarget.textures[0], u_weight: settings.blurWeight, u_norm: lossUniforms().u_norm });
        blurInto(residual.textures[0], blurGrad);
      }
      // after a plain forward there are no checkpoints: the final canvas' loss alone
      const b: Blocks = forwardKind === 'gradient' ? currentBlocks() : { ends: [count], weights: [settings.finalWeight] };
      const B = b.ends.length;
      runPass(gl, pass(`adjoint-${B}${blurTerm ? '-blur' : ''}`, () => ADJOINT_FS(B, blurTerm)), cps.get().adjoint(adjointLayers(B)), {
        ...blockUniforms(b), ...lossUniforms(), u_checkpoints: cps.get().checkpoints, u_canvas: canvas.textures[0], u_target: target.get().textures[0],
        ...(blurTerm ? { u_blurGrad: blurGrad!.textures[0], u_blurResidual: residual!.textures[0] } : {}),
      });
      lossBlocks = B;
      prefixReady = forwardKind === 'gradient';
      notePeak();
    }),

    backward: guarded('backward', DRAW, () => {
      if (count === 0) return;
      if (forwardKind !== 'gradient' || lossBlocks === 0) throw new FudeError('bad-input', 'backward() needs forward() (for the gradient) and computeLoss() first');
      const b = currentBlocks();
      const texels = Math.min(MAX_FLAT_TEXELS + 1, blockTexels(b)); // beyond the flat walk: one loop variant
      const { bounds, chunks, grads } = strokes;
      runPass(gl, pass(`backward-${texels}[${typesKey}]`, () => BACKWARD_FS(types(), texels)), chunks, {
        ...strokeUniforms(), ...blockUniforms(b), u_bounds: bounds.textures[0], u_extent: bounds.textures[2], u_regionSize: [width, height],
        u_chunks: CHUNKS, u_checkpoints: cps.get().checkpoints, u_adjoints: cps.get().adjoints, u_blockMask: blockMask!.textures[0],
        u_skipBelow: 1e-7 / (3 * width * height),
      }, strokeViewport(count, CHUNK_TEXELS[0], CHUNK_TEXELS[1]));
      const [c0, c1, c2, c3] = chunks.textures;
      runPass(gl, pass(`gather-chunks[${typesKey}]`, () => GATHER_CHUNKS_FS(types())), grads, { ...strokeUniforms(), u_c0: c0, u_c1: c1, u_c2: c2, u_c3: c3 }, strokeViewport(count, 1));
    }),

    adamStep: guarded('adamStep', DRAW, () => {
      if (count === 0) return;
      const { beta1, beta2, eps } = settings.adam;
      const [g0, g1, g2, g3] = strokes.grads.textures;
      const [from, to] = strokes.params;
      runPass(gl, pass('adam', () => ADAM_FS), to, {
        u_param: from.textures[0], u_m: from.textures[1], u_v: from.textures[2],
        u_g0: g0, u_g1: g1, u_g2: g2, u_g3: g3, u_extent: strokes.bounds.textures[2], u_spec: spec,
        u_beta1: beta1, u_beta2: beta2, u_eps: eps, u_lrScale: settings.lrScale,
        u_logBeta1: Math.log(beta1), u_logBeta2: Math.log(beta2),
      }, strokeViewport(count, TEXELS_PER_STROKE));
      strokes.swap();
      invalidate();
    }),

    step: guarded('step', DRAW, () => {
      engine.forward();
      engine.computeLoss();
      engine.backward();
      engine.adamStep();
    }),

    readLoss: guarded('readLoss', READ, () => {
      if (lossBlocks === 0) throw new FudeError('bad-input', 'readLoss() needs computeLoss() first');
      const value = adjointSum(0)[3];
      if (!Number.isFinite(value)) throw new FudeError('nan', 'the loss is not finite: a stroke parameter became NaN or infinite (lower the learning rates)');
      return value;
    }),

    readStats: guarded('readStats', READ, (prefixes = false) => {
      if (lossBlocks === 0) throw new FudeError('bad-input', 'readStats() needs computeLoss() first');
      const objective = adjointSum(0)[3], mse = adjointSum(1)[3];
      if (!Number.isFinite(objective)) throw new FudeError('nan', 'the loss is not finite: a stroke parameter became NaN or infinite (lower the learning rates)');
      let prefixMse: number[] = [];
      if (prefixes && prefixReady && lossBlocks > 1) {
        runPass(gl, pass(`prefix-error-${lossBlocks}`, () => PREFIX_ERROR_FS(lossBlocks)), prefixErrors.get(),
          { u_checkpoints: cps.get().checkpoints, u_target: target.get().textures[0], u_norm: 1 / (3 * width * height) });
        const e = [...summer.get().sum(prefixErrors.get().textures[0]), ...summer.get().sum(prefixErrors.get().textures[1])];
        prefixMse = e.slice(0, lossBlocks - 1);
      }
      return { objective, mse, prefixMse, blockEnds: lossBlocks > 1 ? [...blocks.ends] : [count] };
    }),

    readCanvas: guarded('readCanvas', READ, () => { ensureCanvas(); return readFloat(gl, canvas); }),

    readCanvasBytes: guarded('readCanvasBytes', READ, () => {
      ensureCanvas();
      const bytes = bytesTarget.get();
      runPass(gl, pass('to-bytes', () => TO_BYTES_FS), bytes, { u_canvas: canvas.textures[0] });
      const out = new Uint8Array(width * height * 4);
      gl.bindFramebuffer(gl.FRAMEBUFFER, bytes.fbi.framebuffer);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return out;
    }),

    readFramesBytes: guarded('readFramesBytes', READ, (ends) => {
      if (ends.length < 1 || ends.length > framesPerPass || ends.some((e, k) => !Number.isInteger(e) || e < (ends[k - 1] ?? 0) || e > count)) {
        throw new FudeError('bad-input', `readFramesBytes takes 1 to ${framesPerPass} (framesPerPass) ascending whole stroke counts from 0 to ${count}, got [${ends.join(', ')}]`);
      }
      if (count === 0) { const only = engine.readCanvasBytes(); return ends.map(() => only.slice()); }
      prepareTiles();
      const frames = framesTarget.get();
      // the walk's last output is the canvas itself (a freezeCanvas after it then needs no forward)
      gl.bindFramebuffer(gl.FRAMEBUFFER, frames.fbi.framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + framesPerPass, gl.TEXTURE_2D, canvas.textures[0], 0);
      gl.drawBuffers(Array.from({ length: framesPerPass + 1 }, (_, k) => gl.COLOR_ATTACHMENT0 + k));
      runPass(gl, pass(`frames-${framesPerPass}[${typesKey}]`, () => FRAMES_FS(types(), framesPerPass)), frames, { ...strokeUniforms(), ...blockUniforms({ ends: [...ends], weights: [] }) });
      canvasFresh = true;
      notePeak();
      return ends.map((_, k) => {
        const out = new Uint8Array(width * height * 4);
        gl.readBuffer(gl.COLOR_ATTACHMENT0 + k);
        gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
        return out;
      });
    }),

    readGradients: guarded('readGradients', READ, () => {
      const out = new Float32Array(count * FLOATS_PER_STROKE);
      for (let k = 0; k < 4; k++) {
        const g = readStrokeData(gl, strokes.grads, k, count, 1);
        for (let i = 0; i < count; i++) out.set(g.subarray(i * 4, i * 4 + 4), i * FLOATS_PER_STROKE + k * 4);
      }
      return out;
    }),

    display: guarded('display', DRAW, () => {
      ensureCanvas();
      runPass(gl, pass('display', () => DISPLAY_FS), null, { u_canvas: canvas.textures[0], u_viewSize: [gl.drawingBufferWidth, gl.drawingBufferHeight] });
    }),

    batch: guarded('batch', ['draw', 'unpack', 'pack', 'clear'], (work) => work()) as Engine['batch'],

    sync: guarded('sync', READ, () => {
      const px = new Float32Array(4);
      gl.bindFramebuffer(gl.FRAMEBUFFER, canvas.fbi.framebuffer);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, px);
    }),

    readContributions: guarded('readContributions', READ, () => engine.readVisibility().atEnd),

    readVisibility: guarded('readVisibility', READ, (alsoAfter: readonly number[] = []) => {
      if (count === 0) return { atEnd: new Float32Array(0), overall: new Float32Array(0) };
      // the colour gradients under dL/dC = 1 are sum T a (NaN-free: no target): in red over the final
      // canvas alone, in green over it and the prefix canvases asked for (u_prefixChannels)
      const keep = { prefixes: settings.prefixes, finalWeight: settings.finalWeight, blurWeight: settings.blurWeight };
      const inside = [...new Set(alsoAfter.map(Math.round))].filter((end) => end > 0 && end < count).slice(0, maxBlocks - 1);
      settings = { ...settings, prefixes: inside.map((end) => ({ end, weight: 1 })), finalWeight: 1, blurWeight: 0 };
      visibility = true;
      try {
        engine.forward();
        engine.computeLoss();
        engine.backward();
        const g = engine.readGradients();
        const atEnd = new Float32Array(count), overall = new Float32Array(count);
        // colour r (and g) of c (rect, ellipse) or of c0 and c2 (brush, oil: the ramp's two ends)
        for (let i = 0, o = 0; i < count; i++, o += FLOATS_PER_STROKE) {
          atEnd[i] = g[o + 8] + g[o + 12];
          overall[i] = g[o + 9] + g[o + 13];
        }
        return { atEnd, overall };
      } finally {
        visibility = false;
        settings = { ...settings, ...keep };
        forwardKind = 'none';
        lossBlocks = 0;
      }
    }),

    textureBytes: () => ({ now: disposed ? 0 : textureBytes(), peak: peakBytes }),

    dispose() {
      if (disposed) return;
      disposed = true;
      gl.canvas.removeEventListener('webglcontextlost', onLost as EventListener);
      if (gl.isContextLost()) return;
      strokes.dispose();
      for (const t of [canvas, base, target, prefixErrors, blur, summer, cps, bytesTarget, framesTarget]) t.dispose();
      blockMask?.dispose();
      gl.deleteTexture(spec);
      gl.deleteVertexArray(vao);
    },
  };
  notePeak();
  return engine;
}
