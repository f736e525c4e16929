// The engine's per-stroke GPU state, sized to a capacity and laid out in 2-D (layout.ts): parameters
// and Adam moments (a ping-pong pair), flags, bounds, the two levels of tile lists, and the backward's
// chunk sums and gathered gradients.
import { FudeError } from '../errors.js';
import { STROKES_PER_COLUMN, strokeColumnHeight, strokeColumns, TEXELS_PER_STROKE } from '../strokes/layout.js';
import { CHUNK_TEXELS } from '../shaders/backward.glsl.js';
import { createTarget, readFloat, type Target } from './gl.js';

/** Fine tiles per side of a coarse tile (tile lists are made in two levels). */
export const COARSE = 8;

export interface StrokeState {
  capacity: number;
  /** RGBA32UI texels per tile mask: 128 strokes each. */
  maskTexels: number;
  tileSize: number;
  tilesX: number;
  tilesY: number;
  coarseX: number;
  coarseY: number;
  /** [current, next]: params, m, v in three attachments each; swap() after an Adam step. */
  params: [Target, Target];
  /** One texel per stroke: x = 1 for a frozen stroke. */
  flags: Target;
  /** Box, oriented-box frame, extent and shape (BOUNDS_FS). */
  bounds: Target;
  coarseTiles: Target;
  tiles: Target;
  /** Per tile, which of its mask texels list any stroke (128 per texel). */
  occupancy: Target;
  chunks: Target;
  grads: Target;
  swap(): void;
  dispose(): void;
}

/** The viewport of a per-stroke pass over n strokes with `across` x `down` texels per stroke. */
export function strokeViewport(n: number, across: number, down = 1): [number, number, number, number] {
  return [0, 0, strokeColumns(n) * across, strokeColumnHeight(n) * down];
}

/**
 * The side of the tiles whose stroke lists a canvas `width` wide keeps for `capacity` strokes. Small
 * tiles list fewer strokes that do not cover a pixel; larger ones keep the mask texture (a row of
 * 128-stroke texels per tile) within the GPU's size limit for big canvases with many strokes.
 */
export function tileSizeFor(gl: WebGL2RenderingContext, width: number, capacity: number): number {
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  const maskTexels = Math.ceil(Math.max(16, capacity) / 128);
  return [8, 16, 32, 64, 128, 256].find((t) => Math.ceil(width / t) * maskTexels <= maxSize) ?? 512;
}

export function createStrokeState(gl: WebGL2RenderingContext, width: number, height: number, n: number, tileSizeOption?: number): StrokeState {
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  const capacity = Math.max(16, n);
  if (strokeColumns(capacity) * CHUNK_TEXELS[0] > maxSize) throw new FudeError('bad-input', `${n} active strokes exceed what this GPU can hold`);
  const maskTexels = Math.ceil(capacity / 128);
  const tileSize = tileSizeOption ?? tileSizeFor(gl, width, capacity);
  const tilesX = Math.ceil(width / tileSize), tilesY = Math.ceil(height / tileSize);
  if (tilesX * maskTexels > maxSize) throw new FudeError('bad-input', `too many strokes (${n}) for a ${width}px-wide canvas`);
  const coarseX = Math.ceil(tilesX / COARSE), coarseY = Math.ceil(tilesY / COARSE);
  const per = (across: number, down: number, attachments: number, format?: 'rgba32ui') =>
    createTarget(gl, strokeColumns(capacity) * across, strokeColumnHeight(capacity) * down, attachments, format);
  const state: StrokeState = {
    capacity, maskTexels, tileSize, tilesX, tilesY, coarseX, coarseY,
    params: [per(TEXELS_PER_STROKE, 1, 3), per(TEXELS_PER_STROKE, 1, 3)],
    flags: per(1, 1, 1),
    bounds: per(1, 1, 4),
    coarseTiles: createTarget(gl, coarseX * maskTexels, coarseY, 1, 'rgba32ui'),
    tiles: createTarget(gl, tilesX * maskTexels, tilesY, 1, 'rgba32ui'),
    occupancy: createTarget(gl, tilesX * Math.ceil(maskTexels / 128), tilesY, 1, 'rgba32ui'),
    chunks: per(CHUNK_TEXELS[0], CHUNK_TEXELS[1], 4),
    grads: per(1, 1, 4),
    swap() { state.params = [state.params[1], state.params[0]]; },
    dispose() {
      for (const t of [...state.params, state.flags, state.bounds, state.coarseTiles, state.tiles, state.occupancy, state.chunks, state.grads]) t.dispose();
    },
  };
  return state;
}

/** Writes per-stroke data (n strokes, `texels` RGBA texels each, in stroke order) into the 2-D layout. */
export function uploadStrokeData(gl: WebGL2RenderingContext, texture: WebGLTexture, data: Float32Array | Uint32Array, n: number, texels: number): void {
  const [format, type] = data instanceof Float32Array ? [gl.RGBA, gl.FLOAT] : [gl.RGBA_INTEGER, gl.UNSIGNED_INT];
  gl.bindTexture(gl.TEXTURE_2D, texture);
  for (let first = 0; first < n; first += STROKES_PER_COLUMN) {
    const rows = Math.min(STROKES_PER_COLUMN, n - first);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, (first / STROKES_PER_COLUMN) * texels, 0, texels, rows, format, type, data.subarray(first * texels * 4, (first + rows) * texels * 4));
  }
  gl.bindTexture(gl.TEXTURE_2D, null);
}

/** Reads per-stroke data of n strokes (`texels` texels each) from one attachment, in stroke order. */
export function readStrokeData(gl: WebGL2RenderingContext, target: Target, attachment: number, n: number, texels: number): Float32Array {
  const out = new Float32Array(n * texels * 4);
  for (let first = 0; first < n; first += STROKES_PER_COLUMN) {
    const rows = Math.min(STROKES_PER_COLUMN, n - first);
    out.set(readFloat(gl, target, attachment, [(first / STROKES_PER_COLUMN) * texels, 0, texels, rows]), first * texels * 4);
  }
  return out;
}
