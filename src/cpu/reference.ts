// Pure-TS reference of the GLSL stroke chunks, with the same function names, in float64.
// Tests hold the GPU forward against it and the GPU gradients against its finite differences.
import { FLOATS_PER_STROKE } from '../strokes/layout.js';

type V2 = [number, number];
export interface Frame { W: number; H: number; sigma: number }
export interface Sample { a: number; c: [number, number, number] }
/** One stroke's 16 floats as the shader's t0..t3. */
type Stroke = ArrayLike<number>;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const mix = (a: number, b: number, t: number) => a + (b - a) * t;
const mix3 = (s: Stroke, o0: number, o1: number, t: number): [number, number, number] =>
  [mix(s[o0], s[o1], t), mix(s[o0 + 1], s[o1 + 1], t), mix(s[o0 + 2], s[o1 + 2], t)];
const canvasScale = (f: Frame) => Math.max(f.W, f.H);

export function coverage(d: number, f: Frame): number {
  const x = clamp(0.5 - d / f.sigma, 0, 1);
  return x * x * (3 - 2 * x);
}

export function hash01(i: number): number {
  let x = i >>> 0;
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d) >>> 0; x ^= x >>> 15; x = Math.imul(x, 0x846ca68b) >>> 0; x ^= x >>> 16;
  return (x >>> 8) / 16777216;
}
export function vnoise(x: number): number {
  const i = Math.floor(x), f = x - i;
  return mix(hash01(i), hash01(i + 1), f * f * (3 - 2 * f));
}

export interface Pose { u: V2; b: V2 }
export function pose(p: V2, cx: number, cy: number, w: number, h: number, angle: number, f: Frame): Pose {
  const dx = p[0] - cx * f.W, dy = p[1] - cy * f.H;
  const cs = Math.cos(angle), sn = Math.sin(angle);
  const S = canvasScale(f);
  return { u: [cs * dx + sn * dy, -sn * dx + cs * dy], b: [0.5 * w * S, 0.5 * h * S] };
}

export function boxCoverage(u: V2, b: V2, f: Frame): number {
  return coverage(Math.abs(u[0]) - b[0], f) * coverage(Math.abs(u[1]) - b[1], f);
}

export function sdEllipse(u: V2, b: V2): number {
  const k0 = Math.hypot(u[0] / b[0], u[1] / b[1]);
  const k1 = Math.hypot(u[0] / (b[0] * b[0]), u[1] / (b[1] * b[1]));
  return k1 < 1e-12 ? -Math.min(b[0], b[1]) : ((k0 - 1) * k0) / k1;
}

export function sample_rect(p: V2, s: Stroke, f: Frame): Sample {
  const P = pose(p, s[0], s[1], s[2], s[3], s[4], f);
  return { a: s[11] * boxCoverage(P.u, P.b, f), c: [s[8], s[9], s[10]] };
}

export function sample_ellipse(p: V2, s: Stroke, f: Frame): Sample {
  const P = pose(p, s[0], s[1], s[2], s[3], s[4], f);
  return { a: s[11] * coverage(sdEllipse(P.u, P.b), f), c: [s[8], s[9], s[10]] };
}

const OIL_STREAK = 0.45;
const OIL_BRISTLES = 7.0;
export function sample_oil(p: V2, s: Stroke, f: Frame): Sample {
  const P = pose(p, s[0], s[1], s[2], s[3], s[4], f);
  const t = 0.5 + 0.5 * clamp(P.u[0] / P.b[0], -1, 1);
  const beta = 1 - OIL_STREAK * vnoise((OIL_BRISTLES * P.u[1]) / P.b[1] + 256 * s[5]) * (0.5 + 0.5 * t);
  return { a: s[11] * boxCoverage(P.u, P.b, f) * beta, c: mix3(s, 8, 12, t) };
}

const dot = (a: V2, b: V2) => a[0] * b[0] + a[1] * b[1];

/** brush.glsl.ts's brushAt: the pixel and P1 in the stroke's chord frame, and the curve parameter t. */
export function brushAt(p: V2, s: Stroke, f: Frame) {
  const A: V2 = [s[0] * f.W, s[1] * f.H], B: V2 = [s[2] * f.W, s[3] * f.H], C: V2 = [s[4] * f.W, s[5] * f.H];
  const len = Math.hypot(C[0] - A[0], C[1] - A[1]);
  const e: V2 = len > 1e-6 ? [(C[0] - A[0]) / len, (C[1] - A[1]) / len] : [1, 0], n: V2 = [-e[1], e[0]];
  const q: V2 = [p[0] - A[0], p[1] - A[1]], w: V2 = [B[0] - A[0], B[1] - A[1]];
  const L = Math.max(dot([C[0] - A[0], C[1] - A[1]], e), 1e-3);
  const u = dot(q, e), uc = clamp(u, 0, L);
  return { u, v: dot(q, n), L, bc: clamp(dot(w, n), -0.5 * L, 0.5 * L), uc, t: uc / L };
}

const BRISTLES_PER_RADIUS = 4;
const BRISTLE_PHASE: V2 = [53, 31];
export const bristleDepth = (s: Stroke) => Math.max(s[15], 0);
export const bristleX = (s: Stroke, vy: number, r: number) => (BRISTLES_PER_RADIUS * vy) / r + dot(BRISTLE_PHASE, [s[0], s[1]]);

export function sample_brush(p: V2, s: Stroke, f: Frame): Sample {
  const { u, v, bc, uc, t } = brushAt(p, s, f);
  const vy = v - 2 * t * (1 - t) * bc;
  const r = mix(s[6], s[7], t) * canvasScale(f);
  let a = s[11] * coverage(Math.hypot(u - uc, vy) - r, f);
  if (bristleDepth(s) > 0) a *= 1 - bristleDepth(s) * vnoise(bristleX(s, vy, r)) * (0.5 + 0.5 * t);
  return { a, c: mix3(s, 8, 12, t) };
}

const SAMPLERS = [sample_brush, sample_oil, sample_rect, sample_ellipse];
export function sampleStroke(p: V2, s: Stroke, f: Frame): Sample {
  return SAMPLERS[Math.round(s[15])](p, s, f);
}

/** Composites packed strokes over a base (RGB per pixel or a flat colour); returns RGB per pixel. */
export function renderCPU(packed: ArrayLike<number>, f: Frame, base: ArrayLike<number> | [number, number, number]): Float64Array {
  const n = Math.floor(packed.length / FLOATS_PER_STROKE);
  const strokes = Array.from({ length: n }, (_, i) => Array.prototype.slice.call(packed, i * 16, i * 16 + 16) as number[]);
  const out = new Float64Array(f.W * f.H * 3);
  for (let y = 0; y < f.H; y++) {
    for (let x = 0; x < f.W; x++) {
      const o = (y * f.W + x) * 3;
      const c = base.length === 3 ? [base[0], base[1], base[2]] : [base[(y * f.W + x) * 4], base[(y * f.W + x) * 4 + 1], base[(y * f.W + x) * 4 + 2]];
      for (const s of strokes) {
        const smp = sampleStroke([x + 0.5, y + 0.5], s, f);
        for (let k = 0; k < 3; k++) c[k] = mix(c[k], smp.c[k], smp.a);
      }
      out.set(c, o);
    }
  }
  return out;
}

/** Mean over pixels and RGB of |C - T| (l1) or (C - T)^2 (l2); target is RGBA floats. */
export function lossCPU(canvas: ArrayLike<number>, target: ArrayLike<number>, kind: 'l1' | 'l2'): number {
  let sum = 0;
  const n = canvas.length / 3;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const r = canvas[i * 3 + k] - target[i * 4 + k];
      sum += kind === 'l1' ? Math.abs(r) : r * r;
    }
  }
  return sum / (3 * n);
}

/** Separable box blur of radius r, zero-padded, divided by the full window: blur.glsl.ts's B. */
export function boxBlurZero(src: ArrayLike<number>, W: number, H: number, stride: number, r: number): Float64Array {
  const tmp = new Float64Array(W * H * 3), out = new Float64Array(W * H * 3);
  const n = 2 * r + 1;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let k = 0; k < 3; k++) {
    let s = 0;
    for (let d = -r; d <= r; d++) if (x + d >= 0 && x + d < W) s += src[(y * W + x + d) * stride + k];
    tmp[(y * W + x) * 3 + k] = s / n;
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let k = 0; k < 3; k++) {
    let s = 0;
    for (let d = -r; d <= r; d++) if (y + d >= 0 && y + d < H) s += tmp[((y + d) * W + x) * 3 + k];
    out[(y * W + x) * 3 + k] = s / n;
  }
  return out;
}

/** The long-range term w/(3N) sum |B C - B T|^2 (canvas RGB, target RGBA). */
export function blurLossCPU(canvas: ArrayLike<number>, target: ArrayLike<number>, W: number, H: number, radius: number, weight: number): number {
  const bc = boxBlurZero(canvas, W, H, 3, radius), bt = boxBlurZero(target, W, H, 4, radius);
  let sum = 0;
  for (let i = 0; i < bc.length; i++) sum += (bc[i] - bt[i]) ** 2;
  return (weight * sum) / bc.length;
}

/**
 * The process objective (adjoint.glsl.ts): the final canvas' loss times `finalWeight` plus, for each
 * prefix term, the loss of the canvas after the first `end` strokes times its weight.
 */
export function processLossCPU(packed: ArrayLike<number>, f: Frame, base: ArrayLike<number> | [number, number, number], target: ArrayLike<number>,
  kind: 'l1' | 'l2', prefixes: readonly { end: number; weight: number }[], finalWeight = 1): number {
  let total = finalWeight * lossCPU(renderCPU(packed, f, base), target, kind);
  for (const { end, weight } of prefixes) total += weight * lossCPU(renderCPU(Array.prototype.slice.call(packed, 0, end * FLOATS_PER_STROKE), f, base), target, kind);
  return total;
}
