// Where strokes go: sites sampled from the error of the canvas as it stands, for new strokes and for
// strokes that do nothing (transparent, painted over, shrunk to nothing or pushed off the canvas),
// which are moved to where the error is, as 3D Gaussian Splatting's relocation and SNP's error
// sampling do, so that every stroke of the budget is visible.
import { boxBlur, errorMap, type FloatImage } from './image.js';
import { sampleIndices } from './sampling.js';
import type { Site } from './init.js';

/** Sites sampled from the blurred error map squared (SNP samples error^4; squared spreads better), stratified (sampling.ts). */
export function sampleSites(target: FloatImage, canvas: Float32Array, count: number, size: number, random: () => number): Site[] {
  const { width: W, height: H } = target;
  const radius = Math.max(1, Math.round((size * Math.max(W, H)) / 6));
  const err = boxBlur(errorMap(target.data, canvas, W, H), W, H, radius);
  for (let i = 0; i < err.length; i++) err[i] = err[i] * err[i] + 1e-9;
  return sampleIndices(err, W, count, random).map((i) => ({ x: ((i % W) + random()) / W, y: (Math.floor(i / W) + random()) / H }));
}

/**
 * A stroke is invisible when the final canvas shows less of it than this, in pixels of the working
 * resolution (its contribution: the sum over its pixels of its opacity times the transmittance of the
 * strokes over it).
 */
export const MIN_VISIBLE_PX = 2;

/** Indices (into `contributions`, from `from` on) of strokes that show less than MIN_VISIBLE_PX, at a level `scale` times as wide as the working size. */
export function invisible(contributions: Float32Array, from: number, scale: number): number[] {
  const threshold = MIN_VISIBLE_PX * scale * scale;
  const out: number[] = [];
  for (let i = from; i < contributions.length; i++) if (!(contributions[i] >= threshold)) out.push(i);
  return out;
}

/**
 * The invisible strokes (as `invisible`), least visible first, at most `limit` of them: moving many
 * strokes to the end of the painting takes them out of its earlier prefixes.
 */
export function leastVisible(contributions: Float32Array, from: number, scale: number, limit: number): number[] {
  const lost = invisible(contributions, from, scale);
  if (lost.length <= limit) return lost;
  const shown = (i: number) => (Number.isFinite(contributions[i]) ? contributions[i] : -1);
  return lost.sort((a, b) => shown(a) - shown(b)).slice(0, Math.max(0, limit)).sort((a, b) => a - b);
}
