// The adjoint: from the canvas after every block of strokes, the process objective (the weighted loss of
// each block's canvas) and, per block, the dL/dC that the strokes of that block see. One chunk, used
// inside the gradient forward (up to FUSED_BLOCKS blocks: its values are still in registers) and by a
// separate pass over the checkpoints (more blocks, or the long-range term). Derivation:
// docs/derivations.md, "The process objective".
import { HEADER } from './common.glsl.js';

/** Most checkpoint blocks: the separate adjoint pass writes one layer per block (8 draw buffers, two arrays). */
export const MAX_BLOCKS = 6;
/** Most blocks for the fused forward, which writes a checkpoint and an adjoint layer per block. */
export const FUSED_BLOCKS = 4;

/** Per-pixel loss: (dl/dC, l) for the residual r = C - target, normalized by the engine's pixel count. */
export const PIXEL_LOSS = /* glsl */ `
uniform int u_lossKind;   // 1 = L1, 2 = L2, 0 = visibility (dl/dC = 1: colour gradients become sum T a)
uniform float u_norm;     // 1 / (3 * pixels)
// L1: mean |C - T|; L2: mean (C - T)^2, over pixels and RGB
vec4 pixelLoss(vec3 r) {
  return u_lossKind == 1 ? vec4(sign(r) * u_norm, (abs(r.x) + abs(r.y) + abs(r.z)) * u_norm)
       : u_lossKind == 2 ? vec4(2.0 * r * u_norm, dot(r, r) * u_norm)
       : vec4(1.0, 1.0, 1.0, 0.0);
}
`;

/** Uniforms of the adjoint chunk. */
export const ADJOINT_UNIFORMS = /* glsl */ `
${PIXEL_LOSS}
uniform vec4 u_weights0;  // w_b of blocks 0..3 (the last block's is the final canvas' weight)
uniform vec4 u_weights1;  // of blocks 4..5
// the channels of dl/dC that the prefix canvases pass on: all three, but green alone when the colour
// gradients measure visibility (red then counts the final canvas only, green every canvas: one walk)
uniform vec3 u_prefixChannels;
`;

/**
 * The adjoint chunk for B blocks, as GLSL statements. It reads `after<b>` (vec3, the canvas after block
 * b; the last is the final canvas), `P<b>` (float, the product of (1 - a) over block b, b >= 1) and
 * `target`, and defines `A<k>` for every block and `objective` and `finalError`.
 *
 * With C_b the canvas after block b, P_b the product of (1 - a) over block b and l the per-pixel loss,
 * the objective is L = sum_b w_b l(C_b). A stroke i of block k changes C_b for every b >= k, through
 * the strokes of blocks k+1..b above it, so it sees
 *   A_k = sum_{b >= k} w_b dl/dC_b prod_{m=k+1..b} P_m  =  w_k dl/dC_k + P_{k+1} A_{k+1}
 * times the transmittance of the strokes over it inside its own block (which the backward walks).
 */
export function adjointChunk(B: number, extraFinal = ''): string {
  const weight = (b: number) => (b < 4 ? `u_weights0[${b}]` : `u_weights1[${b - 4}]`);
  return [
    ...Array.from({ length: B }, (_, b) => `vec3 r${b} = after${b} - target; vec4 l${b} = pixelLoss(r${b});`),
    `float objective = ${Array.from({ length: B }, (_, b) => `${weight(b)} * l${b}.a`).join(' + ')};`,
    `vec3 A${B - 1} = ${weight(B - 1)} * l${B - 1}.rgb;`,
    extraFinal,
    ...Array.from({ length: B - 1 }, (_, n) => { const k = B - 2 - n; return `vec3 A${k} = ${weight(k)} * l${k}.rgb * u_prefixChannels + P${k + 1} * A${k + 1};`; }),
    `float finalError = dot(r${B - 1}, r${B - 1}) * u_norm;`,
  ].join('\n  ');
}

/**
 * Output layer k holds A_k in rgb; the alphas of layers 0 and 1 hold the pixel's share of the objective
 * and of the final canvas' squared error (so there are always at least two layers).
 */
export const adjointLayers = (B: number) => Math.max(B, 2);
export function adjointOutputs(B: number, firstLocation: number): { declare: string; write: string } {
  const L = adjointLayers(B);
  return {
    declare: Array.from({ length: L }, (_, k) => `layout(location = ${firstLocation + k}) out vec4 o_adj${k};`).join('\n'),
    write: Array.from({ length: L }, (_, k) => `o_adj${k} = vec4(${k < B ? `A${k}` : 'vec3(0.0)'}, ${k === 0 ? 'objective' : k === 1 ? 'finalError' : '0.0'});`).join('\n  '),
  };
}

/** The separate adjoint pass over the checkpoints of a gradient forward (and the long-range term). */
export const ADJOINT_FS = (blocks: number, blurTerm: boolean) => {
  const B = blocks;
  const out = adjointOutputs(B, 0);
  return /* glsl */ `${HEADER}
${ADJOINT_UNIFORMS}
uniform highp sampler2DArray u_checkpoints;  // layer b: (C before block b, P_b)
uniform sampler2D u_canvas;
uniform sampler2D u_target;
${blurTerm ? `// the long-range term (blur.glsl.ts), added to the final canvas' loss
uniform sampler2D u_blurGrad;      // its dL/dC in rgb
uniform sampler2D u_blurResidual;  // its share of L in alpha` : ''}
${out.declare}
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec3 target = texelFetch(u_target, p, 0).rgb;
${Array.from({ length: B - 1 }, (_, b) => `  vec4 cp${b + 1} = texelFetch(u_checkpoints, ivec3(p, ${b + 1}), 0); vec3 after${b} = cp${b + 1}.rgb; float P${b + 1} = cp${b + 1}.a;`).join('\n')}
  vec3 after${B - 1} = texelFetch(u_canvas, p, 0).rgb;
  ${adjointChunk(B, blurTerm ? `A${B - 1} += texelFetch(u_blurGrad, p, 0).rgb;` : '')}
${blurTerm ? '  objective += texelFetch(u_blurResidual, p, 0).a;' : ''}
  ${out.write}
}
`;
};

/**
 * The process figures: the squared error of the canvas after each block but the last (the prefixes),
 * from the checkpoints of a gradient forward; output 0 holds blocks 0..3, output 1 blocks 4..5.
 */
export const PREFIX_ERROR_FS = (blocks: number) => /* glsl */ `${HEADER}
uniform highp sampler2DArray u_checkpoints;
uniform sampler2D u_target;
uniform float u_norm;
layout(location = 0) out vec4 o_e0;
layout(location = 1) out vec4 o_e1;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec3 target = texelFetch(u_target, p, 0).rgb;
  float e[8];
  for (int b = 0; b < 8; b++) e[b] = 0.0;
  for (int b = 0; b < ${blocks - 1}; b++) {
    vec3 r = texelFetch(u_checkpoints, ivec3(p, b + 1), 0).rgb - target;
    e[b] = dot(r, r) * u_norm;
  }
  o_e0 = vec4(e[0], e[1], e[2], e[3]);
  o_e1 = vec4(e[4], e[5], e[6], e[7]);
}
`;
