// Where strokes go: sites sampled from the error of the canvas as it stands, for new strokes and for
// strokes that do nothing (transparent, painted over, shrunk to nothing or pushed off the canvas),
// which are moved to where the error is, as 3D Gaussian Splatting's relocation and SNP's error
// sampling do, so that every stroke of the budget is visible.
import { boxBlur, errorMap, type FloatImage } from './image.js';
import { sampleIndices } from './sampling.js';
import type { Site } from './init.js';

/**
 * Sites sampled from the blurred error map squared (SNP samples error^4; squared spreads better),
 * stratified (sampling.ts), each then moved to the nearby peak of what a stroke there could paint away
 * (`snapToPeaks`).
 */
export function sampleSites(target: FloatImage, canvas: Float32Array, count: number, size: number, random: () => number): Site[] {
  const { width: W, height: H } = target;
  const radius = Math.max(1, Math.round((size * Math.max(W, H)) / 6));
  const err = boxBlur(errorMap(target.data, canvas, W, H), W, H, radius);
  for (let i = 0; i < err.length; i++) err[i] = err[i] * err[i] + 1e-9;
  const picked = snapToPeaks(target, canvas, sampleIndices(err, W, count, random), size * Math.max(W, H));
  return picked.map((i) => ({ x: ((i % W) + random()) / W, y: (Math.floor(i / W) + random()) / H }));
}

/**
 * How far a site may move to a peak, and the radius of the paint whose effect is scored, as fractions of
 * the stroke's length (a new stroke is 0.25-0.55 of its length wide: init.ts). Measured (llvmpipe, 500
 * strokes @ 256, the eight benchmark photographs and baboon, butterfly and messi, each against the
 * sites unmoved in the same run): seeds 1-2 +0.05 dB on average, seeds 3-4 +0.09 dB, the first 10% of
 * the strokes +0.13 and +0.12 dB; aloe +0.10 and +0.15 dB, messi +0.20 and +0.28, rocket -0.05 and
 * -0.13. Radius 0.08: +0.05 and +0.10 dB; reach 0.3: +0.05 dB (seeds 1-2); reach 1: lower on three of
 * four photographs. Each stroke also oriented along its peak's blob (its second moments) instead of the
 * target's edges: 0.1-0.4 dB lower on all four of aloe, graffiti, baboon and coffee.
 */
const SNAP_REACH = 0.5, PAINT_RADIUS = 0.15;

/**
 * Each sampled pixel moved to the pixel within reach where a disc of paint would remove the most squared
 * error: the residual (target - canvas) of each channel box-blurred over the disc, squared and summed
 * (a matched filter: the loss a disc of the best flat colour removes grows with the square of the
 * residual's mean under it). Sites drawn from the blurred error land anywhere in a textured region; a
 * stroke that starts between two of its dots must find one through the 1-2 px band its shape gradients
 * come from. A peak taken is cleared (its disc), so that the stratified sites do not gather on it.
 */
export function snapToPeaks(target: FloatImage, canvas: Float32Array, picked: readonly number[], lengthPx: number): number[] {
  const { width: W, height: H } = target;
  const r = Math.max(1, Math.round(PAINT_RADIUS * lengthPx)), reach = Math.max(1, Math.round(SNAP_REACH * lengthPx));
  const score = new Float32Array(W * H), residual = new Float32Array(W * H);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < W * H; i++) residual[i] = target.data[i * 4 + c] - canvas[i * 4 + c];
    const mean = boxBlur(residual, W, H, r);
    for (let i = 0; i < W * H; i++) score[i] += mean[i] * mean[i];
  }
  const within = (x0: number, y0: number, d: number, visit: (i: number) => void) => {
    for (let y = Math.max(0, y0 - d); y <= Math.min(H - 1, y0 + d); y++) for (let x = Math.max(0, x0 - d); x <= Math.min(W - 1, x0 + d); x++) visit(y * W + x);
  };
  return picked.map((i) => {
    let best = i;
    within(i % W, Math.floor(i / W), reach, (j) => { if (score[j] > score[best]) best = j; });
    within(best % W, Math.floor(best / W), r, (j) => { score[j] = 0; });
    return best;
  });
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
