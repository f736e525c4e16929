// Downscaling with a Lanczos-3 filter, as PIL's LANCZOS does. primitive's figures in the project's
// reference notes match its paintings scored against such a target (within 0.01-0.2 dB on seven of the
// eight benchmark photographs: docs/painter.md, "The target"), so fude paints, and measures its PSNR
// against, the same kind of target. The browser's own smoothing ('high') is softer: a painting scored
// on it looked 0.1-2.4 dB better than on the target primitive was scored on.
import type { ByteImage } from './image.js';

const LOBES = 3;
const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
/** lanczos(x) = sinc(x) · sinc(x / 3) for |x| < 3, else 0 */
const lanczos = (x: number) => (Math.abs(x) < LOBES ? sinc(x) * sinc(x / LOBES) : 0);

/**
 * For each output sample along one axis, the input samples it reads and their weights (normalized to 1):
 * the kernel is stretched by the downscale factor so that it also filters out what the new size cannot hold.
 */
function taps(from: number, to: number): { first: Int32Array; count: number; weights: Float32Array } {
  const scale = from / to, stretch = Math.max(1, scale), reach = LOBES * stretch;
  const count = Math.ceil(reach) * 2 + 1;
  const first = new Int32Array(to), weights = new Float32Array(to * count);
  for (let o = 0; o < to; o++) {
    const centre = (o + 0.5) * scale - 0.5;
    const lo = Math.ceil(centre - reach);
    first[o] = lo;
    let sum = 0;
    for (let k = 0; k < count; k++) sum += weights[o * count + k] = lanczos((lo + k - centre) / stretch);
    for (let k = 0; k < count; k++) weights[o * count + k] /= sum;
  }
  return { first, count, weights };
}

/** RGBA pixels resized to width x height with Lanczos-3 (edges clamped), rounded and clamped to bytes. */
export function lanczosResize(src: ByteImage, width: number, height: number): ByteImage {
  const { width: sw, height: sh, data } = src;
  const across = taps(sw, width), down = taps(sh, height);
  // rows first: sh rows of `width` pixels
  const mid = new Float32Array(width * sh * 4);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < across.count; k++) {
        const w = across.weights[x * across.count + k];
        if (w === 0) continue;
        const p = (y * sw + Math.min(sw - 1, Math.max(0, across.first[x] + k))) * 4;
        r += w * data[p]; g += w * data[p + 1]; b += w * data[p + 2]; a += w * data[p + 3];
      }
      const o = (y * width + x) * 4;
      mid[o] = r; mid[o + 1] = g; mid[o + 2] = b; mid[o + 3] = a;
    }
  }
  const out = new Uint8ClampedArray(width * height * 4); // clamps the lobes' overshoot instead of wrapping
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < down.count; k++) {
        const w = down.weights[y * down.count + k];
        if (w === 0) continue;
        const p = (Math.min(sh - 1, Math.max(0, down.first[y] + k)) * width + x) * 4;
        r += w * mid[p]; g += w * mid[p + 1]; b += w * mid[p + 2]; a += w * mid[p + 3];
      }
      const o = (y * width + x) * 4;
      out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a;
    }
  }
  return { width, height, data: out };
}
