// Small CPU image helpers for the painter: float RGBA images, box blur, sampling by error, metrics.

export interface FloatImage {
  width: number;
  height: number;
  /** RGBA floats in [0,1], row 0 at the top. */
  data: Float32Array;
}

export interface ByteImage {
  width: number;
  height: number;
  /** RGBA bytes, row 0 at the top. */
  data: Uint8Array | Uint8ClampedArray;
}

// plain loops: these run once per painting, cold, where Float32Array.from(data, fn) took 20-65 ms at 256 px
export function toFloatImage(img: ByteImage): FloatImage {
  const data = new Float32Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i] / 255;
  return { width: img.width, height: img.height, data };
}

export function toByteImage(img: FloatImage): ByteImage {
  const data = new Uint8ClampedArray(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(img.data[i] * 255); // clamped by the array
  return { width: img.width, height: img.height, data };
}

export function meanColour(img: FloatImage): [number, number, number] {
  let r = 0, g = 0, b = 0;
  const n = img.width * img.height, d = img.data;
  for (let p = 0; p < 4 * n; p += 4) { r += d[p]; g += d[p + 1]; b += d[p + 2]; }
  return [r / n, g / n, b / n];
}

/**
 * Separable box blur of a single-channel map, radius r (clamped edges: the mean over the part of the
 * box inside the map). Running sums, so its cost does not grow with r: the sites' blurs at a 768 px
 * painting's first stages have radii of 40-50 px.
 */
export function boxBlur(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h), out = new Float32Array(w * h);
  blurLines(src, tmp, w, h, 1, w, r);
  blurLines(tmp, out, h, w, w, 1, r);
  return out;
}

/** Box-blurs `lines` lines of `n` samples (`step` apart; lines `next` apart) from src into dst. */
function blurLines(src: Float32Array, dst: Float32Array, n: number, lines: number, step: number, next: number, r: number): void {
  for (let line = 0; line < lines; line++) {
    const base = line * next;
    let sum = 0, lo = 0, hi = -1; // the window [lo, hi], summed
    for (let k = 0; k < n; k++) {
      while (hi < Math.min(n - 1, k + r)) sum += src[base + ++hi * step];
      while (lo < k - r) sum -= src[base + lo++ * step];
      dst[base + k * step] = sum / (hi - lo + 1);
    }
  }
}

/** Per-pixel error sum_rgb |a - b| between two RGBA float images of the same size. */
export function errorMap(a: Float32Array, b: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = Math.abs(a[i * 4] - b[i * 4]) + Math.abs(a[i * 4 + 1] - b[i * 4 + 1]) + Math.abs(a[i * 4 + 2] - b[i * 4 + 2]);
  return out;
}

/** PSNR in dB over RGB of two RGBA images in [0,1]. */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < a.length; i += 4) for (let k = 0; k < 3; k++) { const d = a[i + k] - b[i + k]; s += d * d; n++; }
  return 10 * Math.log10(1 / Math.max(s / n, 1e-12));
}

/** Mean SSIM over 8x8 windows of the luma, the usual constants (images in [0,1]). */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, w: number, h: number): number {
  const luma = (d: ArrayLike<number>, i: number) => 0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2];
  const C1 = 0.01 ** 2, C2 = 0.03 ** 2, win = 8;
  let total = 0, count = 0;
  for (let y0 = 0; y0 + win <= h; y0 += 4) {
    for (let x0 = 0; x0 + win <= w; x0 += 4) {
      let ma = 0, mb = 0;
      for (let y = y0; y < y0 + win; y++) for (let x = x0; x < x0 + win; x++) { ma += luma(a, y * w + x); mb += luma(b, y * w + x); }
      ma /= win * win; mb /= win * win;
      let va = 0, vb = 0, cov = 0;
      for (let y = y0; y < y0 + win; y++) for (let x = x0; x < x0 + win; x++) {
        const da = luma(a, y * w + x) - ma, db = luma(b, y * w + x) - mb;
        va += da * da; vb += db * db; cov += da * db;
      }
      const n = win * win - 1;
      va /= n; vb /= n; cov /= n;
      total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      count++;
    }
  }
  return count ? total / count : 1;
}

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The painter's random numbers: the same seed gives the same painting. */
export function seededRandom(seed: number): () => number {
  return mulberry32((seed >>> 0) ^ 0x9e3779b9);
}
