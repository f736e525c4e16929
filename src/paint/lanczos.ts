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
  // rows first (sh rows of `width` pixels), then columns
  const mid = new Float32Array(width * sh * 4);
  resample(data, mid, taps(sw, width), sw, sh, { line: sw, sample: 1 }, { line: width, sample: 1 });
  const out = new Uint8ClampedArray(width * height * 4); // clamps the lobes' overshoot instead of wrapping
  resample(mid, out, taps(sh, height), sh, width, { line: 1, sample: width }, { line: 1, sample: width });
  return { width, height, data: out };
}

/**
 * One pass along an axis of `n` samples, for each of `lines` lines: out = Σ weight · input at the
 * clamped tap, per RGBA channel. Pixel (line, i) is at (line · stride.line + i · stride.sample) · 4.
 */
function resample(input: ArrayLike<number>, out: Float32Array | Uint8ClampedArray, t: ReturnType<typeof taps>, n: number, lines: number,
  from: { line: number; sample: number }, to: { line: number; sample: number }): void {
  const samples = t.first.length;
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < samples; o++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < t.count; k++) {
        const w = t.weights[o * t.count + k];
        if (w === 0) continue;
        const p = (line * from.line + Math.min(n - 1, Math.max(0, t.first[o] + k)) * from.sample) * 4;
        r += w * input[p]; g += w * input[p + 1]; b += w * input[p + 2]; a += w * input[p + 3];
      }
      const q = (line * to.line + o * to.sample) * 4;
      out[q] = r; out[q + 1] = g; out[q + 2] = b; out[q + 3] = a;
    }
  }
}
