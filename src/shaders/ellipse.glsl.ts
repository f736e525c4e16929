// Rotated ellipse (primitive's "rotated ellipse"): flat colour c, opacity alpha.
// Layout: t0 = (cx, cy, w, h), t1.x = angle, t2 = (c.rgb, alpha).

export const ELLIPSE = /* glsl */ `
// d = (k0 - 1) k0 / k1, k0 = |u / b|, k1 = |u / b^2|: first-order distance to the ellipse (exact on it).
float sdEllipse(vec2 u, vec2 b) {
  float k0 = length(u / b), k1 = length(u / (b * b));
  return k1 < 1e-12 ? -min(b.x, b.y) : (k0 - 1.0) * k0 / k1;
}
// dd/du and dd/db of sdEllipse.
void d_sdEllipse(vec2 u, vec2 b, out vec2 du, out vec2 db) {
  vec2 b2 = b * b;
  float k0 = length(u / b), k1 = length(u / b2);
  if (k1 < 1e-12) { du = vec2(0.0); db = vec2(0.0); return; }
  float dk0 = (2.0 * k0 - 1.0) / k1;          // dd/dk0
  float dk1 = -(k0 - 1.0) * k0 / (k1 * k1);   // dd/dk1
  du = dk0 * (u / b2) / k0 + dk1 * (u / (b2 * b2)) / k1;
  db = dk0 * (-(u * u) / (b2 * b)) / k0 + dk1 * (-2.0 * (u * u) / (b2 * b2 * b)) / k1;
}

Prep prep_ellipse(vec2 p, Stroke s) { return prepOfPose(pose(p, s)); }
// a = alpha * coverage(sdEllipse(u, b)),  c = t2.rgb
Sample sampleOf_ellipse(Prep Q, Stroke s) {
  Pose P = poseOf(Q);
  return Sample(s.t2.w * coverage(sdEllipse(P.u, P.b)), s.t2.rgb);
}
Grad d_ellipse(Prep Q, Stroke s, float ga, vec3 gc) {
  Pose P = poseOf(Q);
  float d = sdEllipse(P.u, P.b);
  Grad g = zeroGrad();
  g.g2 = vec4(gc, ga * coverage(d));
  float gd = ga * s.t2.w * d_coverage(d);
  if (gd != 0.0) {
    vec2 du, db;
    d_sdEllipse(P.u, P.b, du, db);
    d_pose(P, gd * du, gd * db, g.g0, g.g1.x);
  }
  return g;
}
`;
