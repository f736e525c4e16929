// Forward passes: composite the strokes over the base (for display and rendering, or for a gradient step
// with checkpoints and the loss fused in), and the loss pass.
import { HEADER } from './common.glsl.js';
import { eachListedStroke, strokesChunk, TILE_WALK } from './composite.glsl.js';
import type { StrokeType } from '../strokes/layout.js';

/** Forward: the canvas after compositing every active stroke over the base. */
export const FORWARD_FS = (types: readonly StrokeType[]) => /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
out vec4 o_canvas;
void main() {
  vec3 canvas = texelFetch(u_base, ivec2(gl_FragCoord.xy), 0).rgb;
  walkAll(gl_FragCoord.xy, canvas);
  o_canvas = vec4(canvas, 1.0);
}
`;

/**
 * Forward for a gradient step: the same walk, recording for each block b of u_blockSize consecutive
 * strokes the canvas under it (C before the block) and the transmittance of everything over it
 * (T after the block). The backward then resumes inside one block instead of walking the whole list,
 * so a step costs O(pixels x depth), not O(pixels x depth^2).
 */
export const FORWARD_CHECKPOINT_FS = (types: readonly StrokeType[], blocks: number) => {
  const B = blocks;
  const each = (f: (b: number) => string, from = 0) => Array.from({ length: B - from }, (_, n) => f(n + from)).join('\n    ');
  return /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
${PIXEL_LOSS}
uniform int u_blockSize;
uniform sampler2D u_target;
layout(location = 0) out vec4 o_canvas;
layout(location = 1) out vec4 o_loss;  // the loss pass fused in (LOSS_FS without the long-range term)
${Array.from({ length: B }, (_, b) => `layout(location = ${b + 2}) out vec4 o_cp${b};`).join('\n')}
void main() {
  // One walk over the tile list; the state of each block lives in named variables updated with selects
  // (SwiftShader runs dynamically indexed local arrays and branches lane by lane):
  //   before_b = C after the last stroke of a block < b,   prod_b = product of (1 - a) over block b
  vec2 p = gl_FragCoord.xy;
  ivec2 tile = ivec2(p) / u_tileSize;
  vec3 C = texelFetch(u_base, ivec2(p), 0).rgb;
  ${Array.from({ length: B }, (_, b) => `vec3 before${b} = C; float prod${b} = 1.0;`).join(' ')}
${eachListedStroke(`
      C = mix(C, sj.c, sj.a);
      float f = 1.0 - sj.a;
      float b = floor((float(j) + 0.5) / float(u_blockSize));  // exact: never near an integer
    ${each((b) => `prod${b} *= b == ${b}.0 ? f : 1.0;`)}
    ${each((b) => `before${b} = b < ${b}.0 ? C : before${b};`, 1)}`)}
  float T = 1.0;  // T after block b = product of the blocks over it
${Array.from({ length: B }, (_, n) => { const b = B - 1 - n; return `  o_cp${b} = vec4(before${b}, T); T *= prod${b};`; }).join('\n')}
  o_canvas = vec4(C, 1.0);
  o_loss = pixelLoss(C - texelFetch(u_target, ivec2(p), 0).rgb);
}
`;
};

/** Per-pixel loss: (dL/dC, the pixel's share of L) for the residual r = C - target. */
const PIXEL_LOSS = /* glsl */ `
uniform int u_lossKind;   // 1 = L1, 2 = L2
uniform float u_norm;     // 1 / (3 * pixels)
// L1: mean |C - T|; L2: mean (C - T)^2, over pixels and RGB
vec4 pixelLoss(vec3 r) {
  return u_lossKind == 1 ? vec4(sign(r) * u_norm, (abs(r.x) + abs(r.y) + abs(r.z)) * u_norm)
                         : vec4(2.0 * r * u_norm, dot(r, r) * u_norm);
}
`;

/** Loss per pixel into one texel: rgb = dL/dC, a = the pixel's share of L (+ the long-range term). */
export const LOSS_FS = /* glsl */ `${HEADER}
${PIXEL_LOSS}
uniform sampler2D u_canvas;
uniform sampler2D u_target;
uniform bool u_blurTerm;  // add the long-range term (blur.glsl.ts)
uniform sampler2D u_blurGrad;      // B(2 w norm (B C - B T)) in rgb
uniform sampler2D u_blurResidual;  // the pixel's share of L_b in alpha
out vec4 o_loss;
void main() {
  ivec2 pix = ivec2(gl_FragCoord.xy);
  o_loss = pixelLoss(texelFetch(u_canvas, pix, 0).rgb - texelFetch(u_target, pix, 0).rgb);
  if (u_blurTerm) o_loss += vec4(texelFetch(u_blurGrad, pix, 0).rgb, texelFetch(u_blurResidual, pix, 0).a);
}
`;
