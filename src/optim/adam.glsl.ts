// Adam as one pass: reads parameters, gradients and both moments, writes all three through MRT
// into the other half of a ping-pong pair, then projects each parameter into its valid range.
// Each stroke counts its own steps (for the bias correction), in the first moment of its type slot,
// which Adam never moves: a stroke re-seeded mid-run starts afresh while the others keep their moments.
import { HEADER } from '../shaders/common.glsl.js';

export const ADAM_FS = /* glsl */ `${HEADER}
uniform sampler2D u_param;  // 4 texels per stroke in the 2-D stroke layout
uniform sampler2D u_m;
uniform sampler2D u_v;
uniform sampler2D u_g0;     // one texel per stroke each: gradient texel k of every stroke
uniform sampler2D u_g1;
uniform sampler2D u_g2;
uniform sampler2D u_g3;
uniform sampler2D u_extent; // the bounds pass' extents: z = 1 for a frozen stroke
uniform sampler2D u_spec;   // (16, types): (lo, hi, learning rate, -) per slot and stroke type
uniform float u_beta1;
uniform float u_beta2;
uniform float u_eps;
uniform float u_logBeta1;  // ln(beta1), ln(beta2)
uniform float u_logBeta2;
uniform float u_lrScale;    // a schedule's factor on every learning rate
layout(location = 0) out vec4 o_param;
layout(location = 1) out vec4 o_m;
layout(location = 2) out vec4 o_v;

vec4 gradient(int k, ivec2 t) {
  if (k == 0) return texelFetch(u_g0, t, 0);
  if (k == 1) return texelFetch(u_g1, t, 0);
  if (k == 2) return texelFetch(u_g2, t, 0);
  return texelFetch(u_g3, t, 0);
}

// 1 - beta^t from ln(beta): a series where 1 - pow(beta, t) would cancel (beta2 = 0.999, small t)
float oneMinusPow(float logBeta, float t) {
  float x = t * logBeta;
  return abs(x) < 0.1 ? -x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x / 24.0))) : 1.0 - exp(x);
}

void main() {
  ivec2 t = ivec2(gl_FragCoord.xy);
  int k = t.x & 3;
  ivec2 one = ivec2(t.x >> 2, t.y);  // the stroke's texel in one-texel-per-stroke targets
  vec4 p = texelFetch(u_param, t, 0), m = texelFetch(u_m, t, 0), v = texelFetch(u_v, t, 0);
  o_param = p; o_m = m; o_v = v;
  if (texelFetch(u_extent, one, 0).z > 0.5) return;  // frozen: composited, never moved
  // this stroke's step, counted in the type slot's first moment (slot 15: texel 3, w)
  float age = texelFetch(u_m, ivec2(t.x - k + 3, t.y), 0).w + 1.0;
  float correct1 = oneMinusPow(u_logBeta1, age), correct2 = oneMinusPow(u_logBeta2, age);
  vec4 g = gradient(k, one);
  int type = int(texelFetch(u_param, ivec2(t.x - k + 3, t.y), 0).w + 0.5);
  for (int c = 0; c < 4; c++) {
    vec4 spec = texelFetch(u_spec, ivec2(4 * k + c, type), 0);
    if (spec.z == 0.0) continue;  // fixed slot: type, seed, unused
    // m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  p -= lr mhat / (sqrt(vhat) + eps)
    m[c] = u_beta1 * m[c] + (1.0 - u_beta1) * g[c];
    v[c] = u_beta2 * v[c] + (1.0 - u_beta2) * g[c] * g[c];
    float step = u_lrScale * spec.z * (m[c] / correct1) / (sqrt(v[c] / correct2) + u_eps);
    p[c] = clamp(p[c] - step, spec.x, spec.y);
  }
  if (k == 3) m.w = age;
  o_param = p; o_m = m; o_v = v;
}
`;
