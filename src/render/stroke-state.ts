// The engine's per-stroke GPU state, sized to a capacity: parameters and Adam moments (a ping-pong
// pair), bounds, the two levels of tile lists, the backward's chunk sums and gathered gradients, and the
// checkpoint block masks.
import { FudeError } from '../errors.js';
import { TEXELS_PER_STROKE } from '../strokes/layout.js';
import { createTarget, type Target } from './gl.js';

/** The backward splits each stroke's oriented box into CHUNKS x CHUNKS pieces. */
export const CHUNKS = 2;
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
  /** Box, oriented-box frame and extent (BOUNDS_FS). */
  bounds: Target;
  coarseTiles: Target;
  tiles: Target;
  chunks: Target;
  grads: Target;
  blockMask: Target;
  swap(): void;
  dispose(): void;
}

export function createStrokeState(gl: WebGL2RenderingContext, width: number, height: number, n: number, tileSizeOption?: number): StrokeState {
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  const capacity = Math.max(16, n);
  if (capacity > maxSize) throw new FudeError('bad-input', `${n} active strokes exceed this GPU's limit of ${maxSize}`);
  const maskTexels = Math.ceil(capacity / 128);
  // Small tiles list fewer strokes that do not cover a pixel; larger ones keep the mask texture within
  // the GPU's size limit for big canvases with many strokes.
  const tileSize = tileSizeOption ?? ([8, 16, 32, 64, 128].find((t) => Math.ceil(width / t) * maskTexels <= maxSize) ?? 256);
  const tilesX = Math.ceil(width / tileSize), tilesY = Math.ceil(height / tileSize);
  if (tilesX * maskTexels > maxSize) throw new FudeError('bad-input', `too many strokes (${n}) for a ${width}px-wide canvas`);
  const coarseX = Math.ceil(tilesX / COARSE), coarseY = Math.ceil(tilesY / COARSE);
  const state: StrokeState = {
    capacity, maskTexels, tileSize, tilesX, tilesY, coarseX, coarseY,
    params: [createTarget(gl, TEXELS_PER_STROKE, capacity, 3), createTarget(gl, TEXELS_PER_STROKE, capacity, 3)],
    bounds: createTarget(gl, 1, capacity, 3),
    coarseTiles: createTarget(gl, coarseX * maskTexels, coarseY, 1, 'rgba32ui'),
    tiles: createTarget(gl, tilesX * maskTexels, tilesY, 1, 'rgba32ui'),
    chunks: createTarget(gl, 2 * CHUNKS * CHUNKS, 2 * capacity, 4),
    grads: createTarget(gl, 1, capacity, 4),
    blockMask: createTarget(gl, maskTexels, capacity, 1, 'rgba32ui'),
    swap() { state.params = [state.params[1], state.params[0]]; },
    dispose() {
      for (const t of [...state.params, state.bounds, state.coarseTiles, state.tiles, state.chunks, state.grads, state.blockMask]) t.dispose();
    },
  };
  return state;
}
