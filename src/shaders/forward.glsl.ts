// Forward passes: composite the strokes over the base, either for display and rendering or, for a
// gradient step, recording a checkpoint per block of strokes.
import { HEADER } from './common.glsl.js';
import { eachListedStroke, strokesChunk, TILE_WALK } from './composite.glsl.js';
import { ADJOINT_UNIFORMS, adjointChunk, adjointOutputs } from './adjoint.glsl.js';
import type { StrokeFeature } from '../strokes/layout.js';

/** Forward: the canvas after compositing every active stroke over the base. */
export const FORWARD_FS = (types: readonly StrokeFeature[]) => /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
out vec4 o_canvas;
void main() {
  vec3 canvas = texelFetch(u_base, ivec2(gl_FragCoord.xy), 0).rgb;
  walkAll(gl_FragCoord.xy, canvas);
  o_canvas = vec4(canvas, 1.0);
}
`;

/** GLSL for end k of u_ends0/u_ends1 (8 ends in two vec4s, as blockUniforms sets them). */
const endUniform = (k: number) => (k < 4 ? `u_ends0[${k}]` : `u_ends1[${k - 4}]`);

/** Most frames that one FRAMES_FS pass writes (one draw buffer each, and one more for the canvas). */
export const FRAMES_PER_PASS = 7;

/**
 * Frames of the painting process from one walk: output k holds the canvas after the strokes before
 * u_ends[k] (local to this engine's strokes), clamped for an RGBA8 target, which stores round(v * 255)
 * as the display's bytes do (TO_BYTES_FS); the last output is the float canvas after all of them, the
 * next frames' base. One pass per K frames instead of a walk, a byte conversion and a read-back each.
 */
export const FRAMES_FS = (types: readonly StrokeFeature[], K = FRAMES_PER_PASS) => {
  const each = (f: (k: number) => string, sep = '\n  ') => Array.from({ length: K }, (_, k) => f(k)).join(sep);
  return /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
uniform vec4 u_ends0;  // exclusive ends of frames 0..3
uniform vec4 u_ends1;  // of frames 4..7 (unused ends are huge)
${each((k) => `layout(location = ${k}) out vec4 o_frame${k};`, '\n')}
layout(location = ${K}) out vec4 o_canvas;
void main() {
  vec2 p = gl_FragCoord.xy;
  ivec2 tile = ivec2(p) / u_tileSize;
  vec3 C = texelFetch(u_base, ivec2(p), 0).rgb;
  ${each((k) => `vec3 f${k} = C;`, ' ')}
${eachListedStroke(`
      C = mix(C, sj.c, sj.a);
      float x = float(j) + 0.5;
      ${each((k) => `f${k} = x < ${endUniform(k)} ? C : f${k};`, ' ')}`)}
  ${each((k) => `o_frame${k} = vec4(clamp(f${k}, 0.0, 1.0), 1.0);`)}
  o_canvas = vec4(C, 1.0);
}
`;
};

/**
 * Block of stroke j for block ends e_0 < e_1 < ... (exclusive; unused ends are huge): the number of
 * ends <= j. Two vec4 compares instead of a search, the same in every pass that needs it.
 */
export const BLOCK_OF = /* glsl */ `
uniform vec4 u_ends0;  // ends of blocks 0..3
uniform vec4 u_ends1;  // ends of blocks 4..7
int blockOf(int j) {
  vec4 x = vec4(float(j) + 0.5);
  return int(dot(step(u_ends0, x), vec4(1.0)) + dot(step(u_ends1, x), vec4(1.0)));
}
int blockStart(int b) { return b == 0 ? 0 : int(b <= 4 ? u_ends0[b - 1] : u_ends1[b - 5]); }
int blockEnd(int b) { return int(b < 4 ? u_ends0[b] : u_ends1[b - 4]); }
`;

/**
 * Forward for a gradient step: the same walk, recording for each block b of consecutive strokes the
 * canvas under it (C before the block) and the product P_b of (1 - a) over its strokes. The adjoint
 * (adjoint.glsl.ts) turns these into each block's dL/dC; the backward then resumes inside one block
 * instead of walking the whole list, so a step costs O(pixels x depth), not O(pixels x depth^2).
 *
 * `fused` (up to FUSED_BLOCKS blocks): the adjoint is computed here from values still in registers and
 * written as layers after the checkpoints, instead of the final canvas (texture fetches dominate a
 * full-screen pass under SwiftShader; outputs are cheap). Otherwise the canvas is written and the
 * separate adjoint pass reads the checkpoints back.
 */
export const FORWARD_CHECKPOINT_FS = (types: readonly StrokeFeature[], blocks: number, fused: boolean) => {
  const B = blocks;
  const each = (f: (b: number) => string, from = 0, to = B) => Array.from({ length: to - from }, (_, n) => f(n + from)).join('\n    ');
  const adj = adjointOutputs(B, B);
  return /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
${fused ? `${ADJOINT_UNIFORMS}\nuniform sampler2D u_target;` : ''}
uniform vec4 u_ends0;  // exclusive ends of blocks 0..3
uniform vec4 u_ends1;  // of blocks 4..7 (unused ends are huge)
${Array.from({ length: B }, (_, b) => `layout(location = ${b}) out vec4 o_cp${b};`).join('\n')}
${fused ? adj.declare : `layout(location = ${B}) out vec4 o_canvas;`}
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
      // ge_k = 1 once j is past the end of block k, so j is in block k when ge_(k-1) - ge_k = 1
      float x = float(j) + 0.5;
    ${each((k) => `float ge${k} = x >= ${endUniform(k)} ? 1.0 : 0.0;`, 0, B - 1)}
    ${each((k) => `prod${k} *= 1.0 - (${k === 0 ? '1.0' : `ge${k - 1}`}${k < B - 1 ? ` - ge${k}` : ''}) * sj.a;`)}
    ${each((k) => `before${k} = mix(C, before${k}, ge${k - 1});`, 1)}`)}
${Array.from({ length: B }, (_, b) => `  o_cp${b} = vec4(before${b}, prod${b});`).join('\n')}
${fused ? `  vec3 target = texelFetch(u_target, ivec2(p), 0).rgb;
${Array.from({ length: B - 1 }, (_, b) => `  vec3 after${b} = before${b + 1}; float P${b + 1} = prod${b + 1};`).join('\n')}
  vec3 after${B - 1} = C;
  ${adjointChunk(B)}
  ${adj.write}` : '  o_canvas = vec4(C, 1.0);'}
}
`;
};
