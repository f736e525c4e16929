// The long-range loss term: L_b = w/(3N) sum |B C - B T|^2 with B a separable box blur of radius r,
// zero-padded and divided by the full window (2r+1)^2, so B is symmetric and dL_b/dC = B(2w/(3N) (B C - B T)).
// Blurred images give a stroke a pull from pixels beyond its edge band, where the pixel loss has none.
import { HEADER } from './common.glsl.js';

/** One direction of the box blur: out = sum_{k=-r..r} src[p + k dir] / (2r+1), zero outside. */
export const BOX_BLUR_FS = /* glsl */ `${HEADER}
uniform sampler2D u_src;
uniform ivec2 u_dir;
uniform int u_radius;
uniform ivec2 u_srcSize;
out vec4 o;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec4 acc = vec4(0.0);
  for (int k = -u_radius; k <= u_radius; k++) {
    ivec2 q = p + k * u_dir;
    if (q.x >= 0 && q.y >= 0 && q.x < u_srcSize.x && q.y < u_srcSize.y) acc += texelFetch(u_src, q, 0);
  }
  o = acc / float(2 * u_radius + 1);
}
`;

/** g = 2 w norm (B C - B T) in rgb (to be blurred once more), the pixel's share of L_b in alpha. */
export const BLUR_RESIDUAL_FS = /* glsl */ `${HEADER}
uniform sampler2D u_blurCanvas;
uniform sampler2D u_blurTarget;
uniform float u_weight;
uniform float u_norm;
out vec4 o;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec3 r = texelFetch(u_blurCanvas, p, 0).rgb - texelFetch(u_blurTarget, p, 0).rgb;
  o = vec4(2.0 * u_weight * u_norm * r, u_weight * u_norm * dot(r, r));
}
`;
