// Oil dab (SNP's oil brush without its bitmap): a rotated box along its length, a colour ramp from c0
// (tail) to c2 (head) and a procedural bristle texture: streaks along the length that grow stronger
// towards the head, where the brush runs dry.
// Layout: t0 = (cx, cy, len, wid), t1 = (angle, seed, -, -), t2 = (c0.rgb, alpha), t3 = (c2.rgb, type).

export const OIL = /* glsl */ `
const float OIL_STREAK = 0.45;   // how much a bristle gap removes
const float OIL_BRISTLES = 7.0;  // bristles per half-width

// t = 0.5 + 0.5 clamp(u.x / b.x, -1, 1): position along the length, tail 0 -> head 1
// beta = 1 - K n(F u.y / b.y + 256 seed) (0.5 + 0.5 t): bristle streaks
Prep prep_oil(vec2 p, Stroke s) { return prepOfPose(pose(p, s)); }
Sample sampleOf_oil(Prep Q, Stroke s) {
  Pose P = poseOf(Q);
  float t = 0.5 + 0.5 * clamp(P.u.x / P.b.x, -1.0, 1.0);
  float beta = 1.0 - OIL_STREAK * vnoise(OIL_BRISTLES * P.u.y / P.b.y + 256.0 * s.t1.y) * (0.5 + 0.5 * t);
  return Sample(s.t2.w * boxCoverage(P.u, P.b) * beta, mix(s.t2.rgb, s.t3.rgb, t));
}
Grad d_oil(Prep Q, Stroke s, float ga, vec3 gc) {
  Pose P = poseOf(Q);
  float sx = P.u.x / P.b.x;
  bool along = abs(sx) < 1.0;
  float t = 0.5 + 0.5 * clamp(sx, -1.0, 1.0);
  float x = OIL_BRISTLES * P.u.y / P.b.y + 256.0 * s.t1.y;
  float n = vnoise(x);
  float beta = 1.0 - OIL_STREAK * n * (0.5 + 0.5 * t);
  vec2 du, db;
  float m = d_boxCoverage(P.u, P.b, du, db);
  Grad g = zeroGrad();
  // a = alpha m beta;  c = mix(c0, c2, t)
  g.g2 = vec4(gc * (1.0 - t), ga * m * beta);
  g.g3.rgb = gc * t;
  float gm = ga * s.t2.w * beta;
  float gbeta = ga * s.t2.w * m;
  float gx = gbeta * (-OIL_STREAK * d_vnoise(x) * (0.5 + 0.5 * t));
  float gt = gbeta * (-OIL_STREAK * n * 0.5) + dot(gc, s.t3.rgb - s.t2.rgb);
  float gsx = along ? 0.5 * gt : 0.0;
  // sx = u.x / b.x;  x = F u.y / b.y + 256 seed
  vec2 gu = gm * du + vec2(gsx / P.b.x, gx * OIL_BRISTLES / P.b.y);
  vec2 gb = gm * db + vec2(-gsx * P.u.x / (P.b.x * P.b.x), -gx * OIL_BRISTLES * P.u.y / (P.b.y * P.b.y));
  d_pose(P, gu, gb, g.g0, g.g1.x);
  return g;
}
`;
