// Brush: a tapered stroke along a bent centreline from P0 to P2, bent by the control point P1, whose
// radius goes from r0 to r2 and whose colour shifts from c0 to c2 along it (SNP's marker pen and
// watercolor in one).
// Layout: t0 = (P0, P1), t1 = (P2, r0, r2), t2 = (c0.rgb, alpha), t3 = (c2.rgb, type + bristle depth k).
//
// Bristles (compiled in with BRUSH_BRISTLES when a stroke of the list has k > 0): streaks along the
// stroke, BRISTLES_PER_RADIUS per radius across it, that grow deeper towards the end where the brush runs
// dry (oil's texture, following the bent band). The streak pattern's phase comes from P0, so every
// stroke has its own and it moves with the stroke, continuously: shape and colour stay differentiable.
//
// Evaluated in the stroke's own frame, along and across its chord, with no root finding (the exact
// closest point on a Bezier is a cubic, which made a brush sample cost 3x a rectangle's): the
// centreline is y(t) = 2t(1-t)b at x = tL, the quadratic Bezier whose control point sits at P1's offset
// b across the middle of the chord (P1's position along the chord does not count), and the band is
// measured across the chord, with round caps past the ends. The chord's direction e comes from the
// bounds pass. Derivation: docs/derivations.md, "The brush".

export const BRUSH = /* glsl */ `
#ifdef BRUSH_BRISTLES
const float BRISTLES_PER_RADIUS = 4.0;
const vec2 BRISTLE_PHASE = vec2(53.0, 31.0);  // phase per unit of P0 (normalized)
// beta = 1 - k n(x) (0.5 + 0.5 t),  x = F vy / r + phase . P0,  k = t3.w - type (type 0 for a brush)
float bristleDepth(Stroke s) { return max(s.t3.w, 0.0); }
float bristleX(Stroke s, float vy, float r) { return BRISTLES_PER_RADIUS * vy / r + dot(BRISTLE_PHASE, s.t0.xy); }
#endif
// u, v: the pixel along and across the chord from P0; L: the chord's length; bc: P1's offset across the
// chord, kept within L/2 (so the bend stays brush-like; P1's position along the chord does not count);
// uc = clamp(u, 0, L); t = uc / L. The bounds pass works out once per stroke the chord's direction e and
// the box's centre (frame), and L, bc and the radii in pixels (shape), so a sample needs neither P0, P1
// nor P2: u and v come from the centre, which sits at (L/2, bc/4) in this frame.
struct BrushAt { vec2 e; vec2 n; float u; float v; float L; float bc; float uc; float t; };

// e = (P2 - P0) / L, n = e turned 90 degrees;  u = (p - P0).e, v = (p - P0).n
BrushAt brushAt(vec2 p, Stroke s) {
  vec2 e = s.frame.zw, n = vec2(-e.y, e.x), q = p - s.frame.xy;
  float L = s.shape.x, bc = s.shape.y;
  float u = dot(q, e) + 0.5 * L, uc = clamp(u, 0.0, L);
  return BrushAt(e, n, u, dot(q, n) + 0.25 * bc, L, bc, uc, uc / L);
}
Prep prep_brush(vec2 p, Stroke s) {
  BrushAt B = brushAt(p, s);
  return Prep(vec4(B.u, B.v, B.L, B.t), vec4(B.bc, B.uc, 0.0, 0.0), vec4(0.0), vec4(0.0));
}
BrushAt brushOf(Prep Q, Stroke s) {
  vec2 e = s.frame.zw;
  return BrushAt(e, vec2(-e.y, e.x), Q.a.x, Q.a.y, Q.a.z, Q.b.x, Q.b.y, Q.a.w);
}

// y = 2t(1-t) bc;  d = sqrt((u - uc)^2 + (v - y)^2) - r(t),  r(t) = mix(r0, r2, t) S
// a = alpha coverage(d) [beta, with bristles],  c = mix(c0, c2, t)
Sample sampleOf_brush(Prep Q, Stroke s) {
  BrushAt B = brushOf(Q, s);
  float uo = B.u - B.uc, vy = B.v - 2.0 * B.t * (1.0 - B.t) * B.bc;
  float r = mix(s.shape.z, s.shape.w, B.t);  // mix(r0, r2, t) S
  float a = s.t2.w * coverage(sqrt(uo * uo + vy * vy) - r);
#ifdef BRUSH_BRISTLES
  a *= 1.0 - bristleDepth(s) * vnoise(bristleX(s, vy, r)) * (0.5 + 0.5 * B.t);
#endif
  return Sample(a, mix(s.t2.rgb, s.t3.rgb, B.t));
}
// The adjoint, in reverse order of the forward above, in two parts. Per pixel, d_brush gives the local
// gradients that the backward sums over the stroke's pixels:
//   g0 = (g_u, g_v, g_bc, g_L),  g1 = (g_u v - g_v u, g_x, g_r, g_r t),  g2 = (gc, dL/dalpha),  g3 = (gc t, 0)
// (g_v through vy, g_x through the bristles' x, g_r = dL/d(r in pixels)). Once per stroke, finish_brush
// takes those sums through the frame to the parameters: that part is linear in them with per-stroke
// factors, so it costs one evaluation per stroke instead of one per pixel.
Grad d_brush(Prep Q, Stroke s, float ga, vec3 gc) {
  BrushAt B = brushOf(Q, s);
  float t = B.t;
  float uo = B.u - B.uc, vy = B.v - 2.0 * t * (1.0 - t) * B.bc;
  float D = sqrt(uo * uo + vy * vy);
  float r = mix(s.shape.z, s.shape.w, t), dr = s.shape.w - s.shape.z;  // r(t) and dr/dt, in pixels
  float d = D - r;
#ifdef BRUSH_BRISTLES
  // beta = 1 - k n(x) w,  w = 0.5 + 0.5 t,  x = F vy / r + phase . P0
  float k = bristleDepth(s), xb = bristleX(s, vy, r), nb = vnoise(xb), wb = 0.5 + 0.5 * t;
  float beta = 1.0 - k * nb * wb, gbeta = ga * s.t2.w * coverage(d);
  float gx = -gbeta * k * wb * d_vnoise(xb);
  float gr = -gx * BRISTLES_PER_RADIUS * vy / (r * r);  // through x (the coverage's share is -gd, below)
  float galpha = ga * coverage(d) * beta;
  float gd = ga * s.t2.w * beta * d_coverage(d);
  float gvyB = gx * BRISTLES_PER_RADIUS / r, gtB = -gbeta * k * nb * 0.5;
#else
  float galpha = ga * coverage(d);
  float gd = ga * s.t2.w * d_coverage(d);
  float gx = 0.0, gr = 0.0, gvyB = 0.0, gtB = 0.0;
#endif
  gr -= gd;  // d = D - r
  // D = sqrt(uo^2 + vy^2),  vy = v - y,  y = 2t(1-t) bc
  float iD = D > 1e-12 ? 1.0 / D : 0.0;
  float guo = gd * uo * iD, gvy = gd * vy * iD + gvyB;
  float gbc = -gvy * 2.0 * t * (1.0 - t);
  float gt = gr * dr + gtB + dot(gc, s.t3.rgb - s.t2.rgb) - gvy * 2.0 * (1.0 - 2.0 * t) * B.bc;
  // t = uc / L,  uo = u - uc,  uc = clamp(u, 0, L)
  float guc = gt / B.L - guo;
  float gL = -gt * t / B.L + (B.u >= B.L ? guc : 0.0);
  float gu = guo + (B.u > 0.0 && B.u < B.L ? guc : 0.0);
  return Grad(vec4(gu, gvy, gbc, gL), vec4(gu * B.v - gvy * B.u, gx, gr, gr * t), vec4(gc, galpha), vec4(gc * t, 0.0));
}
// The sums of d_brush -> dL/dparams. bc = clamp(b, -L/2, L/2);  u = q.e, v = q.n, b = w.n with
// q = p - P0, w = P1 - P0;  n = (-e.y, e.x);  e = (P2 - P0) / L, L = |P2 - P0|;  r = mix(r0, r2, t) S
Grad finish_brush(Grad a, Stroke s) {
  vec2 e = s.frame.zw, n = vec2(-e.y, e.x), w = (s.t0.zw - s.t0.xy) * u_size;
  float L = s.shape.x, b = dot(w, n);
  bool bFree = abs(b) < 0.5 * L;
  float gb = bFree ? a.g0.z : 0.0;
  float gL = a.g0.w + (bFree ? 0.0 : 0.5 * sign(b) * a.g0.z);
  // g_e = g_u q + R^T (g_v q + g_b w) (n = R e), of which only the part across e counts:
  // g_e.n = g_u v - g_v u - g_b (w.e), summed over the pixels
  vec2 gch = n * (a.g1.x - dot(w, e) * gb) / L + gL * e;
  vec2 gq = a.g0.x * e + a.g0.y * n, gw = gb * n;
  Grad g;
  g.g0 = vec4((-gq - gw - gch) * u_size, gw * u_size);  // P0, P1
#ifdef BRUSH_BRISTLES
  g.g0.xy += a.g1.y * BRISTLE_PHASE;                   // the streaks' phase . P0
#endif
  g.g1 = vec4(gch * u_size, vec2(a.g1.z - a.g1.w, a.g1.w) * canvasScale());  // P2, r0, r2
  g.g2 = vec4(a.g2.rgb - a.g3.rgb, a.g2.w);           // c0, alpha
  g.g3 = vec4(a.g3.rgb, 0.0);                         // c2
  return g;
}
`;

/**
 * sampleOf_brush's distance d at a pixel offset q from the frame's centre, from the chord's direction e
 * and the shape (L, bc, r0 S, r2 S) alone: what the tiles pass tests a brush's reach with
 * (tiles.glsl.ts), kept here beside the sample it must agree with. (L is at least 1e-3 for a brush;
 * the max only keeps other strokes, whose shape is 0, from dividing by zero.)
 */
export const BRUSH_DISTANCE = /* glsl */ `
// u = q.e + L/2, v = q.n + bc/4, uc = clamp(u, 0, L), t = uc / L;  d = |(u - uc, v - 2t(1-t) bc)| - mix(r0, r2, t) S
float brushDistance(vec2 q, vec2 e, vec4 shape) {
  float u = dot(q, e) + 0.5 * shape.x, v = dot(q, vec2(-e.y, e.x)) + 0.25 * shape.y;
  float uc = clamp(u, 0.0, shape.x), t = uc / max(shape.x, 1e-3);
  return length(vec2(u - uc, v - 2.0 * t * (1.0 - t) * shape.y)) - mix(shape.z, shape.w, t);
}
`;
