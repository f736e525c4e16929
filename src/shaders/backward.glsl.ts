// Backward pass: dL/dparams per stroke, summed over chunks of its oriented box, then gathered per stroke.
// Built from the same stroke chunks and TILE_WALK (composite.glsl.ts) and uniforms as the forward.
// Derivation: docs/derivations.md, "Compositing" and "The checkpointed backward".
import { HEADER } from './common.glsl.js';
import { strokesChunk, TILE_WALK } from './composite.glsl.js';
import { BLOCK_OF } from './forward.glsl.js';
import type { StrokeFeature } from '../strokes/layout.js';

/** Most mask texels a block may span for the flat block walk; longer blocks loop over one texel at a time. */
export const MAX_FLAT_TEXELS = 2;
/** The backward splits each stroke's oriented box into CHUNKS x CHUNKS pieces, 2 x 2 texels each. */
export const CHUNKS = 2;
/** Texels of the chunk sums per stroke: across and down. */
export const CHUNK_TEXELS = [2 * CHUNKS * CHUNKS, 2] as const;

/**
 * The walk over the other strokes of stroke i's block, for blocks spanning up to `n` mask texels
 * k0..k0+n-1 (block masks bm0.., zero beyond the block). One flat loop pops the lowest set bit of the
 * first non-empty texel, so a pixel costs one iteration per listed stroke (SwiftShader runs every loop
 * body at least once, so a loop per texel would add an empty iteration for each):
 *   j < i:  below = (1 - a_j) below + a_j c_j   and   prodBelow *= 1 - a_j
 *   j > i:  above *= 1 - a_j                         (transmittance of the strokes over i)
 */
function walkBlockChunk(n: number): string {
  const ks = Array.from({ length: n }, (_, t) => t);
  const pick = (f: (t: number) => string, last: string) => ks.slice(0, -1).reduceRight((acc, t) => `m${t} != uvec4(0u) ? ${f(t)} : (${acc})`, last);
  return /* glsl */ `
// The strokes of each checkpoint block as mask texels: texel (k, b) holds block b's bits of strokes
// 128k..128k+127 (made once per block layout, see checkpoints.ts).
uniform usampler2D u_blockMask;
// Mask texel k without stroke i's own bit: once per fragment, so the walk itself needs no per-pixel
// bit arithmetic (SwiftShader runs variable shifts lane by lane).
uvec4 withoutSelf(uvec4 m, int k, int i) {
  uint bit = (i >> 7) == k ? 1u << uint(i & 31) : 0u;
  int w = (i >> 5) & 3;
  return m & ~uvec4(w == 0 ? bit : 0u, w == 1 ? bit : 0u, w == 2 ? bit : 0u, w == 3 ? bit : 0u);
}
void walkBlock(vec2 p, int k0, int kHi, ${ks.map((t) => `uvec4 bm${t}`).join(', ')}, inout vec3 below, inout float prodBelow, inout float above, int i) {
  ivec2 tile = ivec2(p) / u_tileSize;
  ${ks.map((t) => `uvec4 m${t} = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * min(k0 + ${t}, kHi), tile.y), 0) & bm${t};`).join('\n  ')}
  while (${ks.map((t) => `m${t} != uvec4(0u)`).join(' || ')}) {
    int t = ${pick((t) => `${t}`, `${n - 1}`)};
    uvec4 m = ${pick((t) => `m${t}`, `m${n - 1}`)};
    int j = (k0 + t) * 128 + popLowest(m);
    ${ks.map((t) => `m${t} = t == ${t} ? m : m${t};`).join(' ')}
    Sample sj = sampleStroke(p, fetchSampled(j));
    bool under = j < i;
    below = under ? mix(below, sj.c, sj.a) : below;
    prodBelow *= under ? 1.0 - sj.a : 1.0;
    above *= under ? 1.0 : 1.0 - sj.a;
  }
}
`;
}

/**
 * Backward: the texels of stroke i (CHUNK_TEXELS per stroke, in the 2-D stroke layout) hold its gradient
 * summed over CHUNKS x CHUNKS pieces of its bounds, split over 4 targets (the 16 floats of the layout).
 * Per pixel, with A_k the adjoint of i's block k (adjoint.glsl.ts) and T_i the transmittance of the
 * strokes over i inside its block:
 *   dL/da_i = T_i A_k . (c_i - C_{i-1}),   dL/dc_i = T_i A_k a_i
 * with T_i and C_{i-1} recovered from the checkpoint of i's block and a walk inside that block.
 */
export const BACKWARD_FS = (types: readonly StrokeFeature[], blockTexels: number) => {
  const flat = Math.min(blockTexels, MAX_FLAT_TEXELS);
  const loop = blockTexels > MAX_FLAT_TEXELS;
  return /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
${BLOCK_OF}
${walkBlockChunk(loop ? 1 : flat)}
uniform sampler2D u_bounds;
uniform sampler2D u_extent;
uniform vec2 u_regionSize;                   // this engine's pixels
uniform highp sampler2DArray u_checkpoints;  // layer b: (C before block b, P_b)
uniform highp sampler2DArray u_adjoints;     // layer b: (A_b, R_b)
uniform int u_chunks;     // chunks per side
uniform float u_skipBelow; // |A| below which a pixel's share of every gradient is negligible
layout(location = 0) out vec4 o_g0;
layout(location = 1) out vec4 o_g1;
layout(location = 2) out vec4 o_g2;
layout(location = 3) out vec4 o_g3;

// {dx : |a dx + off| <= e}, one slab of the oriented box on a horizontal line (a near 0: all or nothing).
vec2 slab(float a, float off, float e) {
  a = abs(a) < 1e-6 ? 1e-6 : a;
  vec2 t = vec2(-e - off, e - off) / a;
  return vec2(min(t.x, t.y), max(t.x, t.y));
}
// Span of x where the pixel-centre lines y0 + 0.5 and y0 + 1.5 cross the oriented box (frame, extent).
vec2 rowPairSpan(float y0, vec4 frame, vec2 extent) {
  vec2 span = vec2(1e9, -1e9);
  for (int r = 0; r < 2; r++) {
    float dy = y0 + 0.5 + float(r) - frame.y;
    vec2 u = slab(frame.z, frame.w * dy, extent.x), v = slab(-frame.w, frame.z * dy, extent.y);
    vec2 line = vec2(max(u.x, v.x), min(u.y, v.y)) + frame.x;
    span = line.x <= line.y ? vec2(min(span.x, line.x), max(span.y, line.y)) : span;
  }
  return span;
}

void main() {
  // Fragment (8 col + 2 chunk + ox, 2 row + oy) of stroke i = col * STROKES_PER_COLUMN + row sums the pixels
  // of the chunk with x = ox, y = oy (mod 2). A 2x2 quad of fragments (which SwiftShader shades in lock
  // step) thus visits the four pixels of a 2x2 pixel block together: same tile, same walk, so its lanes
  // neither diverge nor wait for each other.
  // Chunk (cx, cy) takes band cy of the rows and part cx of each row pair's span of the oriented box.
  ivec2 f = ivec2(gl_FragCoord.xy);
  ivec2 lane = f & 1;
  int i = strokeOfTexel(f, ${CHUNK_TEXELS[0]}, 2), chunk = (f.x % ${CHUNK_TEXELS[0]}) >> 1;
  o_g0 = vec4(0.0); o_g1 = vec4(0.0); o_g2 = vec4(0.0); o_g3 = vec4(0.0);
  vec4 extent = texelFetch(u_extent, strokeTexel(i, 0, 1, 1), 0);
  if (i >= u_count || extent.z > 0.5) return;  // no stroke here, or a frozen one
  vec4 bb = texelFetch(u_bounds, strokeTexel(i, 0, 1, 1), 0);
  vec4 frame = texelFetch(u_frame, strokeTexel(i, 0, 1, 1), 0);
  ivec2 lo = ivec2(clamp(floor(bb.xy), vec2(0.0), u_regionSize)) & ~1;  // even, so 2x2 blocks stay in one tile
  ivec2 hi = ivec2(clamp(ceil(bb.zw), vec2(0.0), u_regionSize));
  int cx = chunk % u_chunks, cy = chunk / u_chunks;
  int ylo = (lo.y + (hi.y - lo.y) * cy / u_chunks) & ~1;
  int yhi = cy == u_chunks - 1 ? hi.y : (lo.y + (hi.y - lo.y) * (cy + 1) / u_chunks) & ~1;
  Stroke s = fetchStroke(i);
  int block = blockOf(i);
  int first = blockStart(block), last = min(blockEnd(block), u_count);
  int kLo = first / 128, kHi = (last - 1) / 128;
${loop ? '' : Array.from({ length: flat }, (_, t) => `  uvec4 bm${t} = kLo + ${t} <= kHi ? withoutSelf(texelFetch(u_blockMask, ivec2(kLo + ${t}, block), 0), kLo + ${t}, i) : uvec4(0u);`).join('\n')}
  Grad acc = zeroGrad();
  for (int y0 = ylo; y0 < yhi; y0 += 2) {
    vec2 span = rowPairSpan(float(y0), frame, extent.xy);
    int xl = max(int(floor(span.x)), lo.x) & ~1, xr = min(int(ceil(span.y)), hi.x);
    int xa = (xl + max(xr - xl, 0) * cx / u_chunks) & ~1;
    int xb = cx == u_chunks - 1 ? xr : (xl + max(xr - xl, 0) * (cx + 1) / u_chunks) & ~1;
    int y = y0 + lane.y;
    for (int x = xa + lane.x; x < xb; x += 2) {
      vec2 p = vec2(x, y) + 0.5;
      if (y >= yhi) continue;  // odd last row
      Prep Qi = prepStroke(p, s);
      Sample si = sampleOf(Qi, s);
      if (si.a <= 0.0) continue;  // outside the coverage ramp every derivative is zero
      vec3 adj = texelFetch(u_adjoints, ivec3(x, y, block), 0).rgb;
      // no weighted canvas shows this pixel of block k (painted over), or it matches the target there
      if (max(abs(adj.r), max(abs(adj.g), abs(adj.b))) < u_skipBelow) continue;
      // resume from the checkpoint of i's block: C before the block
      vec3 below = texelFetch(u_checkpoints, ivec3(x, y, block), 0).rgb;
      float prod = 1.0, above = 1.0;
${loop
    ? '      for (int k = kLo; k <= kHi; k++) walkBlock(p, k, k, withoutSelf(texelFetch(u_blockMask, ivec2(k, block), 0), k, i), below, prod, above, i);'
    : `      walkBlock(p, kLo, kHi, ${Array.from({ length: flat }, (_, t) => `bm${t}`).join(', ')}, below, prod, above, i);  // block masks fetched once`}
      vec3 D = adj * above;
      Grad g = d_stroke(Qi, s, dot(D, si.c - below), D * si.a);
      acc.g0 += g.g0; acc.g1 += g.g1; acc.g2 += g.g2; acc.g3 += g.g3;
    }
  }
  o_g0 = acc.g0; o_g1 = acc.g1; o_g2 = acc.g2; o_g3 = acc.g3;
}
`;
};

/** Sums the chunk texels of each stroke into its one texel per target, and finishes the adjoint (finishGrad). */
export const GATHER_CHUNKS_FS = (types: readonly StrokeFeature[]) => /* glsl */ `${HEADER}
${strokesChunk(types)}
uniform sampler2D u_c0;
uniform sampler2D u_c1;
uniform sampler2D u_c2;
uniform sampler2D u_c3;
layout(location = 0) out vec4 o_g0;
layout(location = 1) out vec4 o_g1;
layout(location = 2) out vec4 o_g2;
layout(location = 3) out vec4 o_g3;
void main() {
  ivec2 at = ivec2(gl_FragCoord.xy) * ivec2(${CHUNK_TEXELS[0]}, 2);  // layout of BACKWARD_FS
  vec4 a0 = vec4(0.0), a1 = vec4(0.0), a2 = vec4(0.0), a3 = vec4(0.0);
  for (int c = 0; c < ${CHUNK_TEXELS[0]} * 2; c++) {
    ivec2 t = at + ivec2(c >> 1, c & 1);
    a0 += texelFetch(u_c0, t, 0); a1 += texelFetch(u_c1, t, 0);
    a2 += texelFetch(u_c2, t, 0); a3 += texelFetch(u_c3, t, 0);
  }
  int i = strokeOfTexel(ivec2(gl_FragCoord.xy), 1, 1);
  Grad g = Grad(a0, a1, a2, a3);
  if (i < u_count) g = finishGrad(g, fetchStroke(i));
  o_g0 = g.g0; o_g1 = g.g1; o_g2 = g.g2; o_g3 = g.g3;
}
`;
