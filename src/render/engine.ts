// The differentiable stroke engine: forward, loss, backward and Adam as render passes over float textures.
// Nothing is read back per step; the caller asks for the loss, the canvas or the strokes when it wants them.
import * as twgl from 'twgl.js';
import { FudeError } from '../errors.js';
import { ADAM_FS } from '../optim/adam.glsl.js';
import { BLUR_RESIDUAL_FS, BOX_BLUR_FS } from '../shaders/blur.glsl.js';
import { buildSpec, DEFAULT_ADAM, DEFAULT_BOUNDS, DEFAULT_LEARNING_RATES } from '../optim/spec.js';
import { BACKWARD_FS, GATHER_CHUNKS_FS, MAX_FLAT_TEXELS } from '../shaders/backward.glsl.js';
import { FORWARD_CHECKPOINT_FS, FORWARD_FS, LOSS_FS } from '../shaders/forward.glsl.js';
import { DISPLAY_FS } from '../shaders/passes.glsl.js';
import { BOUNDS_FS, TILES_FS } from '../shaders/tiles.glsl.js';
import { FLOATS_PER_STROKE, STROKE_TYPES, TEXELS_PER_STROKE, typeOfId, type StrokeType } from '../strokes/layout.js';
import { checkGL, createPass, createTarget, lostContext, readFloat, rendererName, runPass, uploadFloat, type Target } from './gl.js';
import { createSummer, type Summer } from './sum.js';
import type { Engine, EngineOptions, EngineSettings } from './engine-types.js';
import { CHUNKS, COARSE, createStrokeState, type StrokeState } from './stroke-state.js';
import { blockMasks, blockTexels, checkpointBlocks, checkpointBlockSize, createCheckpoints } from './checkpoints.js';

export type { Engine, EngineOptions, EngineSettings, LossKind } from './engine-types.js';

/** A resource made on first get(); dispose() frees it only if it was made. */
function lazy<T extends { dispose(): void }>(make: () => T): { get(): T; dispose(): void } {
  let value: T | null = null;
  return { get: () => (value ??= make()), dispose: () => { value?.dispose(); value = null; } };
}

export function createEngine(gl: WebGL2RenderingContext, options: EngineOptions): Engine {
  checkGL(gl);
  const { width, height } = options;
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  if (!(width >= 1 && height >= 1 && width <= maxSize && height <= maxSize)) {
    throw new FudeError('bad-input', `canvas ${width}x${height} is outside what this GPU allows (1..${maxSize} px per side)`);
  }
  let settings: EngineSettings = {
    sigma: 1, loss: 'l2', blurWeight: 0, blurRadius: 4, lr: { ...DEFAULT_LEARNING_RATES }, bounds: { ...DEFAULT_BOUNDS }, adam: { ...DEFAULT_ADAM },
    ...options.settings,
  };

  const programs = {
    bounds: createPass(gl, BOUNDS_FS, 'bounds'),
    coarseTiles: createPass(gl, TILES_FS(false), 'coarse-tiles'),
    tiles: createPass(gl, TILES_FS(true), 'tiles'),
    loss: createPass(gl, LOSS_FS, 'loss'),
    gather: createPass(gl, GATHER_CHUNKS_FS, 'gather-chunks'),
    adam: createPass(gl, ADAM_FS, 'adam'),
    blur: createPass(gl, BOX_BLUR_FS, 'box-blur'),
    blurResidual: createPass(gl, BLUR_RESIDUAL_FS, 'blur-residual'),
    display: createPass(gl, DISPLAY_FS, 'display'),
  };
  // Forward and backward programs specialized to the stroke types present, compiled on first use.
  // The backward comes in variants by how many 128-stroke mask texels a checkpoint block spans: up to
  // MAX_FLAT_TEXELS (768 strokes) fetch the block's masks once per fragment and walk them in one flat
  // loop; more loop over the texels.
  const strokePrograms = new Map<string, twgl.ProgramInfo>();
  let typesKey = 'brush';
  function strokeProgram(kind: 'forward' | 'checkpoint' | 'backward'): twgl.ProgramInfo {
    const texels = kind === 'backward' ? Math.min(MAX_FLAT_TEXELS + 1, blockTexels(count)) : 0; // beyond the flat walk: one loop variant
    const blocks = checkpointBlocks(count);
    const key = `${kind}${texels ? `-${texels}` : ''}${kind === 'checkpoint' ? `-${blocks}` : ''}[${typesKey}]`;
    let p = strokePrograms.get(key);
    if (!p) {
      const types = typesKey.split(',') as StrokeType[];
      const source = kind === 'forward' ? FORWARD_FS(types) : kind === 'checkpoint' ? FORWARD_CHECKPOINT_FS(types, blocks) : BACKWARD_FS(types, texels);
      p = createPass(gl, source, key);
      strokePrograms.set(key, p);
    }
    return p;
  }
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);

  let canvas = createTarget(gl, width, height);
  let base = createTarget(gl, width, height);
  // Targets only optimization needs are made on first use, so rendering a large canvas allocates just
  // the canvas and its base (a 4096² render would otherwise ask for ~16 RGBA32F textures of 256 MB).
  const target = lazy(() => createTarget(gl, width, height));
  const loss = lazy(() => createTarget(gl, width, height)); // rgb = dL/dC, a = the pixel's loss
  // whether the loss target holds the loss of the current canvas (the gradient forward fuses it in)
  let lossFresh = false;
  // long-range term: scratch, blurred canvas, blurred target (cached), residual, blurred residual
  const blur = lazy(() => {
    const list = Array.from({ length: 5 }, () => createTarget(gl, width, height));
    return { list, dispose: () => list.forEach((t) => t.dispose()) };
  });
  let blurredTargetRadius = -1;
  /** src -> blurred into dst, through the scratch target. */
  const blurInto = (src: WebGLTexture, dst: Target) => {
    const r = Math.max(1, Math.round(settings.blurRadius));
    const scratch = blur.get().list[0];
    runPass(gl, programs.blur, scratch, { u_src: src, u_dir: [1, 0], u_radius: r, u_srcSize: [width, height] });
    runPass(gl, programs.blur, dst, { u_src: scratch.textures[0], u_dir: [0, 1], u_radius: r, u_srcSize: [width, height] });
  };
  const summer = lazy((): Summer => createSummer(gl, width, height));
  const checkpoints = lazy(() => createCheckpoints(gl, width, height));
  const spec = twgl.createTexture(gl, {
    width: 16, height: STROKE_TYPES.length, internalFormat: gl.RGBA32F, minMag: gl.NEAREST,
    src: buildSpec(settings.lr, settings.bounds),
  });

  // Per-stroke state, sized to the capacity (reallocated, twice as large, when more strokes arrive).
  let strokes: StrokeState = createStrokeState(gl, width, height, options.capacity ?? 64, options.tileSize);
  let count = 0;
  let adamT = 0;

  let lost = false;
  const onLost = (e: Event) => { lost = true; e.preventDefault(); };
  gl.canvas.addEventListener('webglcontextlost', onLost as EventListener);
  function alive(): void {
    if (lost || gl.isContextLost()) throw lostContext();
  }

  const strokeUniforms = () => ({
    u_params: strokes.params[0].textures[0], u_frame: strokes.bounds.textures[1], u_size: [width, height], u_sigma: settings.sigma, u_count: count,
    u_tiles: strokes.tiles.textures[0], u_tileSize: strokes.tileSize, u_tilesX: strokes.tilesX,
    u_base: base.textures[0],
  });

  const blockSize = () => checkpointBlockSize(count);
  const lossUniforms = () => ({ u_target: target.get().textures[0], u_lossKind: settings.loss === 'l1' ? 1 : 2, u_norm: 1 / (3 * width * height) });

  function toFloatRGBA(data: Float32Array | Uint8Array | Uint8ClampedArray, what: string): Float32Array {
    if (data.length !== width * height * 4) {
      throw new FudeError('bad-input', `${what} has ${data.length} values; a ${width}x${height} RGBA image needs ${width * height * 4}`);
    }
    return data instanceof Float32Array ? data : Float32Array.from(data, (v) => v / 255);
  }

  const engine: Engine = {
    gl, width, height,
    renderer: rendererName(gl),
    get count() { return count; },
    get settings() { return settings; },

    configure(next) {
      lossFresh = false;
      settings = { ...settings, ...next, lr: { ...settings.lr, ...next.lr }, bounds: { ...settings.bounds, ...next.bounds }, adam: { ...settings.adam, ...next.adam } };
      if (!(settings.sigma > 0)) throw new FudeError('bad-option', `edge width sigma must be > 0 pixels, got ${settings.sigma}`);
      if (next.lr || next.bounds) {
        gl.bindTexture(gl.TEXTURE_2D, spec);
        gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 16, STROKE_TYPES.length, gl.RGBA, gl.FLOAT, buildSpec(settings.lr, settings.bounds));
        gl.bindTexture(gl.TEXTURE_2D, null);
      }
    },

    setTarget(rgba) { alive(); lossFresh = false; uploadFloat(gl, target.get(), toFloatRGBA(rgba, 'target image')); blurredTargetRadius = -1; },

    setBase(b) {
      alive();
      lossFresh = false;
      if (b.length === 3) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, base.fbi.framebuffer);
        gl.clearColor(b[0], b[1], b[2], 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      } else uploadFloat(gl, base, toFloatRGBA(b as Float32Array, 'base image'));
    },

    freezeCanvas() {
      alive();
      lossFresh = false;
      [base, canvas] = [canvas, base];
    },

    setStrokes(packed) {
      alive();
      lossFresh = false;
      const n = packed.length / FLOATS_PER_STROKE;
      if (!Number.isInteger(n)) throw new FudeError('bad-input', `packed strokes must be a multiple of ${FLOATS_PER_STROKE} floats, got ${packed.length}`);
      const bad = packed.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new FudeError('nan', `stroke ${Math.floor(bad / FLOATS_PER_STROKE)} has a non-finite parameter (slot ${bad % FLOATS_PER_STROKE}: ${packed[bad]})`);
      if (n > strokes.capacity) {
        const next = createStrokeState(gl, width, height, Math.max(n, strokes.capacity * 2), options.tileSize);
        strokes.dispose();
        strokes = next;
      }
      count = n;
      adamT = 0;
      const present = new Set<StrokeType>();
      for (let i = 0; i < n; i++) present.add(typeOfId(packed[i * FLOATS_PER_STROKE + 15]));
      if (present.size) typesKey = STROKE_TYPES.filter((t) => present.has(t)).join(',');
      for (const s of strokes.params) {
        for (let k = 0; k < 3; k++) {
          gl.bindTexture(gl.TEXTURE_2D, s.textures[k]);
          // params in texture 0; zeroed moments in 1 and 2
          const data = k === 0 ? packed : new Float32Array(packed.length);
          if (n > 0) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, TEXELS_PER_STROKE, n, gl.RGBA, gl.FLOAT, data);
        }
      }
      if (n > 0) {
        gl.bindTexture(gl.TEXTURE_2D, strokes.blockMask.textures[0]);
        gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, strokes.maskTexels, n, gl.RGBA_INTEGER, gl.UNSIGNED_INT, blockMasks(n, strokes.maskTexels));
      }
      gl.bindTexture(gl.TEXTURE_2D, null);
    },

    readStrokes() {
      alive();
      if (count === 0) return new Float32Array(0);
      const out = readFloat(gl, strokes.params[0], 0, [0, 0, TEXELS_PER_STROKE, count]);
      const bad = out.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new FudeError('nan', `optimization produced a non-finite parameter (stroke ${Math.floor(bad / FLOATS_PER_STROKE)}, slot ${bad % FLOATS_PER_STROKE}): lower the learning rates`);
      return out;
    },

    forward(forGradient = true) {
      alive();
      const u = strokeUniforms();
      if (count > 0) {
        const { u_frame: _written, ...params } = u; // the bounds pass writes the frames
        const { bounds, coarseTiles, tiles, tileSize, tilesX, tilesY, coarseX, coarseY } = strokes;
        runPass(gl, programs.bounds, bounds, params, [0, 0, 1, count]);
        const boxes = { u_bounds: bounds.textures[0], u_frame: bounds.textures[1], u_extent: bounds.textures[2], u_count: count };
        const texels = Math.ceil(count / 128);
        runPass(gl, programs.coarseTiles, coarseTiles, { ...boxes, u_tileSize: tileSize * COARSE, u_tilesX: coarseX }, [0, 0, coarseX * texels, coarseY]);
        runPass(gl, programs.tiles, tiles, { ...boxes, u_tileSize: tileSize, u_tilesX: tilesX, u_coarse: coarseTiles.textures[0], u_coarseRatio: COARSE, u_coarseTilesX: coarseX },
          [0, 0, tilesX * texels, tilesY]);
      }
      if (forGradient && count > 0) {
        const fb = checkpoints.get().attach(canvas.textures[0], loss.get().textures[0], checkpointBlocks(count));
        runPass(gl, strokeProgram('checkpoint'), fb, { ...u, ...lossUniforms(), u_blockSize: blockSize() });
        lossFresh = true;
      } else {
        runPass(gl, strokeProgram('forward'), canvas, u);
        lossFresh = false;
      }
    },

    computeLoss() {
      alive();
      const blurTerm = settings.blurWeight > 0;
      if (lossFresh && !blurTerm) return; // fused into the gradient forward
      const norm = 1 / (3 * width * height);
      let blurGrad: Target | undefined, residual: Target | undefined;
      if (blurTerm) {
        const [, blurCanvas, blurTarget] = blur.get().list;
        [residual, blurGrad] = blur.get().list.slice(3);
        if (blurredTargetRadius !== settings.blurRadius) { blurInto(target.get().textures[0], blurTarget); blurredTargetRadius = settings.blurRadius; }
        blurInto(canvas.textures[0], blurCanvas);
        runPass(gl, programs.blurResidual, residual, { u_blurCanvas: blurCanvas.textures[0], u_blurTarget: blurTarget.textures[0], u_weight: settings.blurWeight, u_norm: norm });
        blurInto(residual.textures[0], blurGrad);
      }
      runPass(gl, programs.loss, loss.get(), {
        ...lossUniforms(), u_canvas: canvas.textures[0],
        // unused when the term is off; any float texture satisfies the samplers
        u_blurTerm: blurTerm, u_blurGrad: (blurGrad ?? canvas).textures[0], u_blurResidual: (residual ?? canvas).textures[0],
      });
      lossFresh = true;
    },

    backward() {
      alive();
      if (count === 0) return;
      const { bounds, chunks, grads, blockMask } = strokes;
      runPass(gl, strokeProgram('backward'), chunks, { ...strokeUniforms(), u_bounds: bounds.textures[0], u_extent: bounds.textures[2], u_dLdC: loss.get().textures[0], u_chunks: CHUNKS, u_checkpoints: checkpoints.get().texture, u_blockSize: blockSize(), u_blockMask: blockMask.textures[0] },
        [0, 0, 2 * CHUNKS * CHUNKS, 2 * count]);
      const [c0, c1, c2, c3] = chunks.textures;
      runPass(gl, programs.gather, grads, { u_c0: c0, u_c1: c1, u_c2: c2, u_c3: c3, u_nChunks: CHUNKS * CHUNKS }, [0, 0, 1, count]);
    },

    adamStep() {
      alive();
      if (count === 0) return;
      adamT++;
      const { beta1, beta2, eps } = settings.adam;
      const [g0, g1, g2, g3] = strokes.grads.textures;
      const [from, to] = strokes.params;
      runPass(gl, programs.adam, to, {
        u_param: from.textures[0], u_m: from.textures[1], u_v: from.textures[2],
        u_g0: g0, u_g1: g1, u_g2: g2, u_g3: g3, u_spec: spec,
        u_beta1: beta1, u_beta2: beta2, u_eps: eps,
        u_correct1: 1 - Math.pow(beta1, adamT), u_correct2: 1 - Math.pow(beta2, adamT),
      }, [0, 0, TEXELS_PER_STROKE, count]);
      strokes.swap();
    },

    step() {
      engine.forward();
      engine.computeLoss();
      engine.backward();
      engine.adamStep();
    },

    readLoss() {
      alive();
      const value = summer.get().sum(loss.get().textures[0])[3];
      if (!Number.isFinite(value)) throw new FudeError('nan', 'the loss is not finite: a stroke parameter became NaN or infinite (lower the learning rates)');
      return value;
    },

    readCanvas() { alive(); return readFloat(gl, canvas); },

    readGradients() {
      alive();
      const out = new Float32Array(count * FLOATS_PER_STROKE);
      for (let k = 0; k < 4; k++) {
        const g = readFloat(gl, strokes.grads, k, [0, 0, 1, count]);
        for (let i = 0; i < count; i++) out.set(g.subarray(i * 4, i * 4 + 4), i * FLOATS_PER_STROKE + k * 4);
      }
      return out;
    },

    display() {
      alive();
      runPass(gl, programs.display, null, { u_canvas: canvas.textures[0], u_viewSize: [gl.drawingBufferWidth, gl.drawingBufferHeight] });
    },

    sync() {
      const px = new Float32Array(4);
      gl.bindFramebuffer(gl.FRAMEBUFFER, canvas.fbi.framebuffer);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, px);
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    },

    dispose() {
      gl.canvas.removeEventListener('webglcontextlost', onLost as EventListener);
      if (gl.isContextLost()) return;
      strokes.dispose();
      for (const t of [canvas, base, target, loss, blur, summer, checkpoints]) t.dispose();
      gl.deleteTexture(spec);
      gl.deleteVertexArray(vao);
      for (const p of Object.values(programs)) gl.deleteProgram(p.program);
      for (const p of strokePrograms.values()) gl.deleteProgram(p.program);
    },
  };
  return engine;
}
