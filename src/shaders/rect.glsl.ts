// Rotated rectangle (primitive's "rotated rectangle"): flat colour c, opacity alpha.
// Layout: t0 = (cx, cy, w, h), t1.x = angle, t2 = (c.rgb, alpha).

export const RECT = /* glsl */ `
Prep prep_rect(vec2 p, Stroke s) { return prepOfPose(pose(p, s)); }
// a = alpha * boxCoverage(u, b),  c = t2.rgb
Sample sampleOf_rect(Prep Q, Stroke s) {
  Pose P = poseOf(Q);
  return Sample(s.t2.w * boxCoverage(P.u, P.b), s.t2.rgb);
}
// ga = dL/da, gc = dL/dc at this pixel -> dL/dparams.
Grad d_rect(Prep Q, Stroke s, float ga, vec3 gc) {
  Pose P = poseOf(Q);
  vec2 du, db;
  float m = d_boxCoverage(P.u, P.b, du, db);
  Grad g = zeroGrad();
  g.g2 = vec4(gc, ga * m);
  float gm = ga * s.t2.w;
  d_pose(P, gm * du, gm * db, g.g0, g.g1.x);
  return g;
}
`;
