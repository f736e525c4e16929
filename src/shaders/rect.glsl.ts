// Rotated rectangle (primitive's "rotated rectangle"): flat colour c, opacity alpha.
// Layout: t0 = (cx, cy, w, h), t1.x = angle, t2 = (c.rgb, alpha).

export const RECT = /* glsl */ `
// a = alpha * coverage(sdBox(u, b)),  c = t2.rgb
Sample sample_rect(vec2 p, Stroke s) {
  Pose P = pose(p, s.t0.xy, s.t0.zw, s.t1.x);
  return Sample(s.t2.w * coverage(sdBox(P.u, P.b)), s.t2.rgb);
}
// ga = dL/da, gc = dL/dc at this pixel -> dL/dparams.
Grad d_rect(vec2 p, Stroke s, float ga, vec3 gc) {
  Pose P = pose(p, s.t0.xy, s.t0.zw, s.t1.x);
  float d = sdBox(P.u, P.b);
  Grad g = zeroGrad();
  g.g2 = vec4(gc, ga * coverage(d));
  float gd = ga * s.t2.w * d_coverage(d);
  vec2 du, db;
  d_sdBox(P.u, P.b, du, db);
  d_pose(P, gd * du, gd * db, g.g0, g.g1.x);
  return g;
}
`;
