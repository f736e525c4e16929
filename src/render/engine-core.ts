// The engine's state: its textures, the strokes it holds, its settings and what the textures are fresh
// for, in one record that the engine's passes (engine-passes.ts) and read-backs (engine-reads.ts) share.
// Helpers here keep the derived textures (tile lists, checkpoint blocks, the canvas) in step with it.
import * as twgl from 'twgl.js';
import { FudeError } from '../errors.js';
import { buildSpec } from '../optim/spec.js';
import { FORWARD_FS, FRAMES_PER_PASS } from '../shaders/forward.glsl.js';
import { BOUNDS_FS, OCCUPANCY_FS, TILES_FS } from '../shaders/tiles.glsl.js';
import { STROKE_TYPES, type StrokeFeature } from '../strokes/layout.js';
import { createTarget, drawBufferLimit, runPass, type Target } from './gl.js';
import { cachedPass } from './programs.js';
import { enterEngineState } from './gl-state.js';
import { createSummer, type Summer } from './sum.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineOptions, type EngineSettings, type PaintingFrame } from './engine-types.js';
import { COARSE, createStrokeState, strokeViewport, type StrokeState } from './stroke-state.js';
import { blockMasks, createCheckpointTargets, maxBlocksOn, resolveBlocks, type Blocks } from './checkpoints.js';

/** A resource made on first get() (texture allocation needs the unpack state: see gl-state.ts); dispose() frees it only if it was made. */
export interface Lazy<T> { get(): T; made(): T | null; dispose(): void }

function lazy<T extends { dispose(): void; bytes?: number }>(gl: WebGL2RenderingContext, vao: WebGLVertexArrayObject, make: () => T): Lazy<T> {
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

/** GPU memory the frames pass's RGBA8 targets may take (readFramesBytes). */
const FRAMES_BYTES = 64 * 2 ** 20;

export interface EngineCore {
  readonly gl: WebGL2RenderingContext;
  readonly vao: WebGLVertexArrayObject;
  readonly width: number;
  readonly height: number;
  readonly painting: PaintingFrame;
  /** Draw buffers a pass may write, and the checkpoint blocks and frames one pass takes. */
  readonly outputs: number;
  readonly maxBlocks: number;
  readonly framesPerPass: number;
  settings: EngineSettings;
  /** Per-stroke state, sized to the capacity (reallocated, larger, when more strokes arrive). */
  strokes: StrokeState;
  count: number;
  /** The stroke types (and features) present, comma-separated: the programs are specialized to them. */
  typesKey: string;
  canvas: Target;
  base: Target;
  // Targets only optimization needs are made on first use, so rendering a large canvas allocates just
  // the canvas and its base (a 4096² render would otherwise ask for ~16 RGBA32F textures of 256 MB).
  readonly target: Lazy<Target>;
  readonly prefixErrors: Lazy<Target>;
  readonly cps: Lazy<ReturnType<typeof createCheckpointTargets>>;
  /** Long-range term: scratch, blurred canvas, blurred target (cached), residual, blurred residual. */
  readonly blur: Lazy<{ list: Target[]; bytes: number; dispose(): void }>;
  blurredTargetRadius: number;
  readonly summer: Lazy<Summer>;
  readonly bytesTarget: Lazy<Target>;
  readonly framesTarget: Lazy<Target>;
  /** Learning rates and bounds per stroke type and slot (buildSpec). */
  readonly spec: WebGLTexture;
  /** Checkpoint blocks of the current strokes and objective, and their masks (made when either changes). */
  blocks: Blocks;
  blocksKey: string;
  blockMask: Target | null;
  // What the textures hold. tilesFresh: bounds and tile lists of the current strokes; canvasFresh: the
  // canvas texture is the current strokes over the current base; forwardKind: the last forward, whose
  // checkpoints the backward needs; lossBlocks: blocks of the adjoint layers (0: no loss computed);
  // prefixReady: the checkpoints behind those layers are still there, for the prefix errors.
  tilesFresh: boolean;
  canvasFresh: boolean;
  forwardKind: 'none' | 'plain' | 'gradient';
  lossBlocks: number;
  prefixReady: boolean;
  /** readVisibility: the unit adjoint instead of the loss. */
  visibility: boolean;
  peakBytes: number;
}

export function createCore(gl: WebGL2RenderingContext, vao: WebGLVertexArrayObject, options: EngineOptions): EngineCore {
  const { width, height } = options;
  const outputs = drawBufferLimit(gl);
  const settings = { ...DEFAULT_ENGINE_SETTINGS, ...options.settings };
  const core: EngineCore = {
    gl, vao, width, height, outputs,
    painting: { ...(options.painting ?? { width, height, x: 0, y: 0 }) },
    maxBlocks: maxBlocksOn(gl),
    // the frames pass writes a target per frame and the canvas, its RGBA8 targets within 64 MB: 7 at
    // up to 1536 px a side, 1 at 4096
    framesPerPass: Math.max(1, Math.min(FRAMES_PER_PASS, outputs - 1, Math.floor(FRAMES_BYTES / (4 * width * height)))),
    settings,
    strokes: createStrokeState(gl, width, height, options.capacity ?? 64, options.tileSize),
    count: 0,
    typesKey: 'brush',
    canvas: createTarget(gl, width, height),
    base: createTarget(gl, width, height),
    target: lazy(gl, vao, () => createTarget(gl, width, height)),
    prefixErrors: lazy(gl, vao, () => createTarget(gl, width, height, 2)),
    cps: lazy(gl, vao, () => createCheckpointTargets(gl, width, height)),
    blur: lazy(gl, vao, () => {
      const list = Array.from({ length: 5 }, () => createTarget(gl, width, height));
      return { list, bytes: list.length * list[0].bytes, dispose: () => list.forEach((t) => t.dispose()) };
    }),
    blurredTargetRadius: -1,
    summer: lazy(gl, vao, (): Summer => createSummer(gl, width, height)),
    bytesTarget: lazy(gl, vao, () => createTarget(gl, width, height, 1, 'rgba8')),
    framesTarget: lazy(gl, vao, () => createTarget(gl, width, height, core.framesPerPass, 'rgba8')),
    spec: twgl.createTexture(gl, { width: 16, height: STROKE_TYPES.length, internalFormat: gl.RGBA32F, minMag: gl.NEAREST, src: buildSpec(settings.lr, settings.bounds) }),
    blocks: { ends: [], weights: [] }, blocksKey: '', blockMask: null,
    tilesFresh: false, canvasFresh: false, forwardKind: 'none', lossBlocks: 0, prefixReady: false, visibility: false,
    peakBytes: 0,
  };
  return core;
}

/** Frees every texture the core holds (the caller checks that the context is still there). */
export function disposeCore(core: EngineCore): void {
  core.strokes.dispose();
  for (const t of [core.canvas, core.base, core.target, core.prefixErrors, core.blur, core.summer, core.cps, core.bytesTarget, core.framesTarget]) t.dispose();
  core.blockMask?.dispose();
  core.gl.deleteTexture(core.spec);
}

/** The program for `key` on this context, compiled from `source` the first time (programs.ts). */
export const pass = (core: EngineCore, key: string, source: () => string) => cachedPass(core.gl, key, source);
export const typesOf = (core: EngineCore) => core.typesKey.split(',') as StrokeFeature[];

/** The strokes or the canvas under them changed: every derived texture is stale. */
export function invalidate(core: EngineCore): void {
  core.tilesFresh = false;
  core.canvasFresh = false;
  core.forwardKind = 'none';
}

const sumBytes = (parts: ({ bytes?: number } | null | undefined)[]) => parts.reduce((sum, t) => sum + (t?.bytes ?? 0), 0);
/** The bytes of the per-stroke textures (parameters and moments, bounds, tiles, chunk sums, gradients). */
export const strokeStateBytes = (s: StrokeState) => sumBytes([s.flags, s.bounds, s.coarseTiles, s.tiles, s.occupancy, s.chunks, s.grads, ...s.params]);
export function textureBytes(core: EngineCore): number {
  return strokeStateBytes(core.strokes) + sumBytes([core.canvas, core.base, core.target.made(), core.prefixErrors.made(), core.cps.made(), core.blur.made(),
    core.summer.made(), core.bytesTarget.made(), core.framesTarget.made(), core.blockMask]);
}
/** Records what the core holds now, plus `alsoHeld` bytes made but not yet in it (a stroke state that replaces the current one). */
export const notePeak = (core: EngineCore, alsoHeld = 0) => { core.peakBytes = Math.max(core.peakBytes, textureBytes(core) + alsoHeld); };

/** Blocks for the current count and prefix terms; rebuilds their masks when they change. */
export function currentBlocks(core: EngineCore): Blocks {
  const { gl, settings, strokes } = core;
  const key = `${core.count}|${JSON.stringify(settings.prefixes)}|${settings.finalWeight}|${strokes.maskTexels}`;
  if (key === core.blocksKey) return core.blocks;
  core.blocks = resolveBlocks(core.count, settings.prefixes, settings.finalWeight, core.maxBlocks);
  core.blocksKey = key;
  const leave = enterEngineState(gl, core.vao, ['unpack']); // rare: only when the blocks change
  try {
    if (!core.blockMask || core.blockMask.width !== strokes.maskTexels) {
      core.blockMask?.dispose();
      core.blockMask = createTarget(gl, strokes.maskTexels, 8, 1, 'rgba32ui');
    }
    if (core.blocks.ends.length) {
      gl.bindTexture(gl.TEXTURE_2D, core.blockMask.textures[0]);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, strokes.maskTexels, core.blocks.ends.length, gl.RGBA_INTEGER, gl.UNSIGNED_INT, blockMasks(core.blocks, strokes.maskTexels));
    }
  } finally {
    leave();
  }
  return core.blocks;
}

/** The uniforms every walk over the strokes takes (shared by the forward and the gradient programs). */
export const strokeUniforms = (core: EngineCore) => {
  const { strokes, painting, settings } = core;
  return {
    u_params: strokes.params[0].textures[0], u_frame: strokes.bounds.textures[1], u_shape: strokes.bounds.textures[3], u_size: [painting.width, painting.height], u_offset: [painting.x, painting.y],
    u_sigma: settings.sigma, u_count: core.count, u_tiles: strokes.tiles.textures[0], u_occupancy: strokes.occupancy.textures[0], u_tileSize: strokes.tileSize, u_tilesX: strokes.tilesX,
    u_base: core.base.textures[0],
  };
};

export const lossUniforms = (core: EngineCore) => ({
  u_lossKind: core.visibility ? 0 : core.settings.loss === 'l1' ? 1 : 2, u_norm: 1 / (3 * core.width * core.height),
  u_prefixChannels: core.visibility ? [0, 1, 0] : [1, 1, 1],
});

/** An image for setTarget or setBase as RGBA floats in [0, 1], its size checked. */
export function toFloatRGBA(core: EngineCore, data: Float32Array | Uint8Array | Uint8ClampedArray, what: string): Float32Array {
  const { width, height } = core;
  if (data.length !== width * height * 4) {
    throw new FudeError('bad-input', `${what} has ${data.length} values; a ${width}x${height} RGBA image needs ${width * height * 4}`);
  }
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length); // a loop: Float32Array.from(data, fn) is several times slower
  for (let i = 0; i < out.length; i++) out[i] = data[i] / 255;
  return out;
}

/** Bounds and tile lists of the current strokes (skipped when nothing moved since). */
export function prepareTiles(core: EngineCore): void {
  if (core.tilesFresh || core.count === 0) return;
  const { gl, strokes, count } = core;
  const { u_frame: _frames, u_shape: _shapes, ...params } = strokeUniforms(core); // the bounds pass writes these
  const { bounds, coarseTiles, tiles, tileSize, tilesX, tilesY, coarseX, coarseY } = strokes;
  runPass(gl, pass(core, 'bounds', () => BOUNDS_FS), bounds, { ...params, u_flags: strokes.flags.textures[0] }, strokeViewport(count, 1));
  const boxes = { u_bounds: bounds.textures[0], u_frame: bounds.textures[1], u_extent: bounds.textures[2], u_shape: bounds.textures[3], u_sigma: core.settings.sigma, u_count: count };
  const texels = Math.ceil(count / 128);
  runPass(gl, pass(core, 'coarse-tiles', () => TILES_FS(false)), coarseTiles, { ...boxes, u_tileSize: tileSize * COARSE, u_tilesX: coarseX }, [0, 0, coarseX * texels, coarseY]);
  runPass(gl, pass(core, 'tiles', () => TILES_FS(true)), tiles, { ...boxes, u_tileSize: tileSize, u_tilesX: tilesX, u_coarse: coarseTiles.textures[0], u_coarseRatio: COARSE, u_coarseTilesX: coarseX },
    [0, 0, tilesX * texels, tilesY]);
  runPass(gl, pass(core, 'occupancy', () => OCCUPANCY_FS), strokes.occupancy, { u_tiles: tiles.textures[0], u_tilesX: tilesX, u_texels: texels },
    [0, 0, tilesX * Math.ceil(texels / 128), tilesY]);
  core.tilesFresh = true;
}

/** The current strokes over the base into the canvas texture. */
export function renderCanvas(core: EngineCore): void {
  prepareTiles(core);
  runPass(core.gl, pass(core, `forward[${core.typesKey}]`, () => FORWARD_FS(typesOf(core))), core.canvas, strokeUniforms(core));
  core.canvasFresh = true;
  notePeak(core);
}
export const ensureCanvas = (core: EngineCore) => { if (!core.canvasFresh) renderCanvas(core); };
