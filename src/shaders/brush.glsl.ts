// Brush: a quadratic Bezier P0 P1 P2 whose radius tapers from r0 to r2 and whose colour shifts from c0
// to c2 along the curve (SNP's marker pen and watercolor in one).
// Layout: t0 = (P0, P1), t1 = (P2, r0, r2), t2 = (c0.rgb, alpha), t3 = (c2.rgb, type).

export const BRUSH = /* glsl */ `
vec2 bezier(vec2 A, vec2 B, vec2 C, float t) { float s = 1.0 - t; return s * s * A + 2.0 * s * t * B + t * t * C; }
vec2 bezierTangent(vec2 A, vec2 B, vec2 C, float t) { return 2.0 * (1.0 - t) * (B - A) + 2.0 * t * (C - B); }

// t* = argmin_t |p - B(t)|, t in [0, 1]: the cubic (B(t) - p) . B'(t) = 0 solved in closed form
// (Inigo Quilez's sdBezier), then one clamped Newton step so float32 and float64 agree closely.
float bezierClosestT(vec2 p, vec2 A, vec2 B, vec2 C) {
  vec2 a = B - A, b = A - 2.0 * B + C, c = a * 2.0, d = A - p;
  float t;
  if (dot(b, b) < 1e-6) {  // straight: project on the chord
    vec2 ch = C - A;
    t = clamp(dot(p - A, ch) / max(dot(ch, ch), 1e-12), 0.0, 1.0);
  } else {
    float kk = 1.0 / dot(b, b);
    float kx = kk * dot(a, b);
    float ky = kk * (2.0 * dot(a, a) + dot(d, b)) / 3.0;
    float kz = kk * dot(d, a);
    float pp = ky - kx * kx, q = kx * (2.0 * kx * kx - 3.0 * ky) + kz;
    float h = q * q + 4.0 * pp * pp * pp;
    if (h >= 0.0) {
      h = sqrt(h);
      vec2 x = (vec2(h, -h) - q) / 2.0;
      vec2 uv = sign(x) * pow(abs(x), vec2(1.0 / 3.0));
      t = clamp(uv.x + uv.y - kx, 0.0, 1.0);
    } else {
      float z = sqrt(-pp);
      float v = acos(clamp(q / (pp * z * 2.0), -1.0, 1.0)) / 3.0;
      float m = cos(v), n = sin(v) * 1.732050808;  // built-ins are coarse, but the Newton step below corrects t
      vec2 ts = clamp(vec2(m + m, -n - m) * z - kx, 0.0, 1.0);
      vec2 e0 = d + (c + b * ts.x) * ts.x, e1 = d + (c + b * ts.y) * ts.y;
      t = dot(e0, e0) < dot(e1, e1) ? ts.x : ts.y;
    }
  }
  // Newton on F(t) = (B(t) - p) . B'(t); F'(t) = |B'|^2 + (B - p) . B''
  vec2 q0 = bezier(A, B, C, t) - p, d1 = bezierTangent(A, B, C, t);
  float Ft = dot(d1, d1) + dot(q0, 2.0 * b);
  if (Ft > 1e-9) t = clamp(t - dot(q0, d1) / Ft, 0.0, 1.0);
  return t;
}

// d = |p - B(t*)| - r(t*),  r(t) = mix(r0, r2, t) * scale;  a = alpha * coverage(d);  c = mix(c0, c2, t*)
Sample sample_brush(vec2 p, Stroke s) {
  vec2 A = toPixels(s.t0.xy), B = toPixels(s.t0.zw), C = toPixels(s.t1.xy);
  float t = bezierClosestT(p, A, B, C);
  float d = length(p - bezier(A, B, C, t)) - mix(s.t1.z, s.t1.w, t) * canvasScale();
  return Sample(s.t2.w * coverage(d), mix(s.t2.rgb, s.t3.rgb, t));
}
// Envelope theorem: dD/dPk = -w_k(t*) n (n = unit vector curve -> pixel); t* moves the radius and the
// colour, dt*/dPk = -dF/dPk / F'(t*) with dF/dPk = w_k B' + w_k' (B - p) (implicit function theorem).
Grad d_brush(vec2 p, Stroke s, float ga, vec3 gc) {
  vec2 A = toPixels(s.t0.xy), B = toPixels(s.t0.zw), C = toPixels(s.t1.xy);
  float S = canvasScale();
  float t = bezierClosestT(p, A, B, C);
  vec2 Bt = bezier(A, B, C, t), q = p - Bt;
  float D = length(q);
  vec2 n = D > 0.0 ? q / D : vec2(0.0);
  float r = mix(s.t1.z, s.t1.w, t) * S;
  float d = D - r;
  float m = coverage(d);
  vec3 w = vec3((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
  vec3 wp = vec3(-2.0 * (1.0 - t), 2.0 - 4.0 * t, 2.0 * t);
  vec2 d1 = bezierTangent(A, B, C, t);
  float Ft = dot(d1, d1) + dot(Bt - p, 2.0 * (A - 2.0 * B + C));
  bool inner = t > 0.0 && t < 1.0 && abs(Ft) > 1e-6;
  float invFt = inner ? -1.0 / Ft : 0.0;
  vec2 dt0 = invFt * (w.x * d1 + wp.x * (Bt - p));   // dt*/dP0 (pixels)
  vec2 dt1 = invFt * (w.y * d1 + wp.y * (Bt - p));
  vec2 dt2 = invFt * (w.z * d1 + wp.z * (Bt - p));

  float gd = ga * s.t2.w * d_coverage(d);
  float gt = dot(gc, s.t3.rgb - s.t2.rgb) - gd * (s.t1.w - s.t1.z) * S;  // dL/dt* through c and r
  Grad g = zeroGrad();
  g.g0.xy = (-gd * w.x * n + gt * dt0) * u_size;
  g.g0.zw = (-gd * w.y * n + gt * dt1) * u_size;
  g.g1.xy = (-gd * w.z * n + gt * dt2) * u_size;
  g.g1.zw = -gd * vec2(1.0 - t, t) * S;
  g.g2 = vec4(gc * (1.0 - t), ga * m);
  g.g3.rgb = gc * t;
  return g;
}
`;
