// Shared GLSL: the stroke record, the uniforms every stroke pass uses, coverage and noise.
// Forward and gradient programs are assembled from the same chunks and the same uniform layout.
import { STROKES_PER_COLUMN } from '../strokes/layout.js';

export const HEADER = /* glsl */ `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
precision highp usampler2D;
`;

/** Full-screen triangle; every pass is a fragment shader over its output texture. */
export const FULLSCREEN_VS = /* glsl */ `#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
`;

export const STROKE_COMMON = /* glsl */ `
uniform sampler2D u_params;  // stroke i's texel k at strokeTexel(i, k, 4, 1)
uniform vec2 u_size;         // size of the whole painting in pixels (strokes are normalized to it)
uniform vec2 u_offset;       // where this engine's pixels start in the painting (a region of it)
uniform float u_sigma;       // edge width in pixels (annealed by the painter)
uniform int u_count;         // number of active strokes

// Per-stroke data in 2-D (layout.ts): columns of STROKES_PER_COLUMN strokes, a block of across x down
// texels each. Texel k of stroke i's first row, and the stroke whose block holds texel f:
// (Shifts, not / and %: integer division runs lane by lane under SwiftShader, and this is in every walk.)
const int COLUMN_BITS = ${Math.log2(STROKES_PER_COLUMN)};
ivec2 strokeTexel(int i, int k, int across, int down) { return ivec2((i >> COLUMN_BITS) * across + k, (i & ((1 << COLUMN_BITS) - 1)) * down); }
int strokeOfTexel(ivec2 f, int across, int down) { return ((f.x / across) << COLUMN_BITS) + f.y / down; }

// t0..t3: the 16 parameters; frame: (centre in pixels, cos angle, sin angle), made once per stroke by
// the bounds pass, so the walk does not evaluate sin and cos per pixel; shape: what a type works out
// once per stroke besides its frame (the brush's chord length, bend and radii in pixels), same pass.
struct Stroke { vec4 t0; vec4 t1; vec4 t2; vec4 t3; vec4 frame; vec4 shape; };
struct Sample { float a; vec3 c; };   // opacity and colour of one stroke at one pixel
struct Grad { vec4 g0; vec4 g1; vec4 g2; vec4 g3; };  // dL/dparams, same layout as t0..t3
// What a stroke type works out about one pixel before its sample, kept for its adjoint (which then
// need not work it out again: the backward samples stroke i and differentiates it at every pixel).
struct Prep { vec4 a; vec4 b; vec4 c; vec4 d; };

uniform sampler2D u_frame;   // one texel per stroke: the frames of BOUNDS_FS
uniform sampler2D u_shape;   // one texel per stroke: the shapes of BOUNDS_FS

vec4 fetchParam(int i, int k) { return texelFetch(u_params, strokeTexel(i, k, 4, 1), 0); }
// The parameters alone (the bounds pass, which makes the frames, reads this).
Stroke fetchParams(int i) { return Stroke(fetchParam(i, 0), fetchParam(i, 1), fetchParam(i, 2), fetchParam(i, 3), vec4(0.0), vec4(0.0)); }
// Everything about stroke i: what its adjoint needs.
Stroke fetchStroke(int i) {
  Stroke s = fetchParams(i);
  s.frame = texelFetch(u_frame, strokeTexel(i, 0, 1, 1), 0);
#ifdef HAS_BRUSH
  s.shape = texelFetch(u_shape, strokeTexel(i, 0, 1, 1), 0);
#endif
  return s;
}
int strokeType(Stroke s) { return int(s.t3.w + 0.5); }
float canvasScale() { return max(u_size.x, u_size.y); }
// A normalized position in this engine's pixels.
vec2 toPixels(vec2 uv) { return uv * u_size - u_offset; }
Grad zeroGrad() { return Grad(vec4(0.0), vec4(0.0), vec4(0.0), vec4(0.0)); }

// (sin a, cos a) to about 1e-7. Built-in sin and cos are as coarse as 2e-4 on some implementations
// (SwiftShader), which moves a stroke's edge by 1e-3 px and flips gradients at kinks. Quadrant k from
// a Cody-Waite reduction by pi/2, then Taylor polynomials on [-pi/4, pi/4].
vec2 sincos(float a) {
  float k = floor(a * 0.63661977 + 0.5);
  float r = (a - k * 1.5707963705062866) + k * 4.37113900018624e-8;
  float r2 = r * r;
  float sn = r + r * r2 * (-1.6666667e-1 + r2 * (8.3333333e-3 + r2 * (-1.9841270e-4 + r2 * 2.7557319e-6)));
  float cs = 1.0 + r2 * (-0.5 + r2 * (4.1666667e-2 + r2 * (-1.3888889e-3 + r2 * 2.4801587e-5)));
  int q = int(k - 4.0 * floor(k * 0.25));  // k mod 4, also for negative k
  vec2 v = (q & 1) == 1 ? vec2(cs, -sn) : vec2(sn, cs);
  return q >= 2 ? -v : v;
}

// m = s(x), x = clamp(0.5 - d / sigma, 0, 1), s(x) = x^2 (3 - 2x): anti-aliased coverage from a signed
// distance d in pixels. The smoothstep keeps dm/dd continuous where the ramp ends, so a pixel that sits
// on that edge cannot flip the gradient (a clamped linear ramp would).
float coverage(float d) { float x = clamp(0.5 - d / u_sigma, 0.0, 1.0); return x * x * (3.0 - 2.0 * x); }
// dm/dd = -6 x (1 - x) / sigma
float d_coverage(float d) {
  float x = clamp(0.5 - d / u_sigma, 0.0, 1.0);
  return -6.0 * x * (1.0 - x) / u_sigma;
}

// Integer hash (lowbias32) -> [0,1) with 24 exact bits, identical on CPU and GPU.
float hash01(int i) {
  uint x = uint(i);
  x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
  return float(x >> 8) * (1.0 / 16777216.0);
}
// n(x) = mix(h(i), h(i+1), f^2 (3 - 2f)), i = floor(x), f = fract(x): smooth 1-D value noise.
float vnoise(float x) {
  float i = floor(x); float f = x - i;
  return mix(hash01(int(i)), hash01(int(i) + 1), f * f * (3.0 - 2.0 * f));
}
// dn/dx = (h(i+1) - h(i)) * 6 f (1 - f)
float d_vnoise(float x) {
  float i = floor(x); float f = x - i;
  return (hash01(int(i) + 1) - hash01(int(i))) * 6.0 * f * (1.0 - f);
}
`;

/** Pose of the box-like primitives (rect, ellipse, oil): centre, size, angle -> local coordinates. */
export const POSE = /* glsl */ `
struct Pose { vec2 u; vec2 b; float cs; float sn; };

// u = R(-angle) (p - centre * size_px), b = 0.5 * size * scale (half extents in pixels); the centre in
// pixels and cos, sin of the angle come from the stroke's frame.
Pose pose(vec2 p, Stroke s) {
  vec2 dp = p - s.frame.xy;
  float cs = s.frame.z, sn = s.frame.w;
  return Pose(vec2(cs * dp.x + sn * dp.y, -sn * dp.x + cs * dp.y), 0.5 * s.t0.zw * canvasScale(), cs, sn);
}
Prep prepOfPose(Pose P) { return Prep(vec4(P.u, P.b), vec4(P.cs, P.sn, 0.0, 0.0), vec4(0.0), vec4(0.0)); }
Pose poseOf(Prep Q) { return Pose(Q.a.xy, Q.a.zw, Q.b.x, Q.b.y); }
// Adjoint of pose: dL/du, dL/db -> dL/d(cx, cy, w, h) and dL/dangle (du/dangle = (u.y, -u.x)).
void d_pose(Pose P, vec2 gu, vec2 gb, out vec4 gPose, out float gAngle) {
  gPose = vec4(dot(gu, vec2(-P.cs, P.sn)) * u_size.x, dot(gu, vec2(-P.sn, -P.cs)) * u_size.y,
               gb * 0.5 * canvasScale());
  gAngle = gu.x * P.u.y - gu.y * P.u.x;
}

// m = s(|u.x| - b.x) s(|u.y| - b.y), s = coverage: the box's coverage, anti-aliased axis by axis. It is
// smooth everywhere, unlike coverage(exact box distance), whose gradient jumps on the box's diagonals
// (a pixel 1e-4 px from one got the other side's gradient in fp32).
float boxCoverage(vec2 u, vec2 b) { return coverage(abs(u.x) - b.x) * coverage(abs(u.y) - b.y); }
// dm/du = (s'(qx) s(qy) sign(u.x), s(qx) s'(qy) sign(u.y)),  dm/db = -(s'(qx) s(qy), s(qx) s'(qy));
// returns m itself too, which the adjoints also need
float d_boxCoverage(vec2 u, vec2 b, out vec2 du, out vec2 db) {
  vec2 q = abs(u) - b;
  vec2 m = vec2(coverage(q.x), coverage(q.y));
  db = -vec2(d_coverage(q.x) * m.y, m.x * d_coverage(q.y));
  du = -db * sign(u);
  return m.x * m.y;
}
`;

/** Bit iteration over a 128-bit mask texel (uvec4), without branches. */
export const BITS = /* glsl */ `
// Pops the lowest set bit of the 128-bit mask m (m != 0) and returns its index 0..127. GLSL ES 3.00
// has no findLSB: the lowest bit alone is a power of two, exact as a float, whose exponent is the index.
int popLowest(inout uvec4 m) {
  bool x = m.x != 0u, y = m.y != 0u, z = m.z != 0u;
  uint w = x ? m.x : (y ? m.y : (z ? m.z : m.w));
  uint low = w & (~w + 1u);
  uvec4 clear = uvec4(x ? low : 0u, !x && y ? low : 0u, !x && !y && z ? low : 0u, !x && !y && !z ? low : 0u);
  m ^= clear;
  return (x ? 0 : (y ? 32 : (z ? 64 : 96))) + int(floatBitsToUint(float(low)) >> 23) - 127;
}
`;
