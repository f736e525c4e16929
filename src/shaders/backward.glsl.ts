// Backward pass: dL/dparams per stroke, summed over chunks of its oriented box, then gathered per stroke.
// Built from the same stroke chunks and TILE_WALK (composite.glsl.ts) and uniforms as the forward.
import { HEADER } from './common.glsl.js';
import { strokesChunk, TILE_WALK } from './composite.glsl.js';
import type { StrokeType } from '../strokes/layout.js';

/** Most mask texels a block may span for the flat block walk; longer blocks loop over one texel at a time. */
export const MAX_FLAT_TEXELS = 2;

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
// The strokes of stroke i's checkpoint block other than i itself, as a mask texel per k: texel (k, i)
// (made once per stroke count, so the walk needs no per-pixel bit-range arithmetic, which SwiftShader
// runs lane by lane; see blockMasks in checkpoints.ts).
uniform usampler2D u_blockMask;
void walkBlock(vec2 p, int i, int k0, int kHi, ${ks.map((t) => `uvec4 bm${t}`).join(', ')}, inout vec3 below, inout float prodBelow, inout float above) {
  ivec2 tile = ivec2(p) / u_tileSize;
  ${ks.map((t) => `uvec4 m${t} = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * min(k0 + ${t}, kHi), tile.y), 0) & bm${t};`).join('\n  ')}
  while (${ks.map((t) => `m${t} != uvec4(0u)`).join(' || ')}) {
    int t = ${pick((t) => `${t}`, `${n - 1}`)};
    uvec4 m = ${pick((t) => `m${t}`, `m${n - 1}`)};
    int j = (k0 + t) * 128 + popLowest(m);
    ${ks.map((t) => `m${t} = t == ${t} ? m : m${t};`).join(' ')}
    Sample sj = sampleStroke(p, fetchStroke(j));
    bool under = j < i;
    below = under ? mix(below, sj.c, sj.a) : below;
    prodBelow *= under ? 1.0 - sj.a : 1.0;
    above *= under ? 1.0 : 1.0 - sj.a;
  }
}
`;
}

/**
 * Backward: output texel (chunk, i) holds the gradient of stroke i summed over one of CHUNKS x CHUNKS
 * pieces of its bounds, split over 4 targets (the 16 floats of the layout). Per pixel:
 *   dL/da_i = G T_i . (c_i - C_{i-1}),   dL/dc_i = G T_i a_i   (NOTES.md section 4)
 * with T_i and C_{i-1} recovered from the checkpoint of i's block and a walk inside that block.
 */
export const BACKWARD_FS = (types: readonly StrokeType[], blockTexels: number) => {
  const flat = Math.min(blockTexels, MAX_FLAT_TEXELS);
  const loop = blockTexels > MAX_FLAT_TEXELS;
  return /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
${walkBlockChunk(loop ? 1 : flat)}
uniform sampler2D u_bounds;
uniform sampler2D u_extent;
uniform sampler2D u_dLdC;
uniform highp sampler2DArray u_checkpoints;  // layer b: (C before block b, T after block b)
uniform int u_blockSize;
uniform int u_chunks;     // chunks per side
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
  // Fragment (2 chunk + ox, 2 i + oy) sums the pixels of the chunk with x = ox, y = oy (mod 2). A 2x2
  // quad of fragments (which SwiftShader shades in lock step) thus visits the four pixels of a 2x2 pixel
  // block together: same tile, same walk, so its lanes neither diverge nor wait for each other.
  // Chunk (cx, cy) takes band cy of the rows and part cx of each row pair's span of the oriented box.
  ivec2 f = ivec2(gl_FragCoord.xy);
  ivec2 lane = f & 1;
  int i = f.y >> 1, chunk = f.x >> 1;
  vec4 bb = texelFetch(u_bounds, ivec2(0, i), 0);
  vec4 frame = texelFetch(u_frame, ivec2(0, i), 0);
  vec2 extent = texelFetch(u_extent, ivec2(0, i), 0).xy;
  ivec2 lo = ivec2(clamp(floor(bb.xy), vec2(0.0), u_size)) & ~1;  // even, so 2x2 blocks stay in one tile
  ivec2 hi = ivec2(clamp(ceil(bb.zw), vec2(0.0), u_size));
  int cx = chunk % u_chunks, cy = chunk / u_chunks;
  int ylo = (lo.y + (hi.y - lo.y) * cy / u_chunks) & ~1;
  int yhi = cy == u_chunks - 1 ? hi.y : (lo.y + (hi.y - lo.y) * (cy + 1) / u_chunks) & ~1;
  Stroke s = fetchStroke(i);
  int block = i / u_blockSize;
  int first = block * u_blockSize, last = min(first + u_blockSize, u_count);
  int kLo = first / 128, kHi = (last - 1) / 128;
${loop ? '' : Array.from({ length: flat }, (_, t) => `  uvec4 bm${t} = kLo + ${t} <= kHi ? texelFetch(u_blockMask, ivec2(kLo + ${t}, i), 0) : uvec4(0u);`).join('\n')}
  Grad acc = zeroGrad();
  for (int y0 = ylo; y0 < yhi; y0 += 2) {
    vec2 span = rowPairSpan(float(y0), frame, extent);
    int xl = max(int(floor(span.x)), lo.x) & ~1, xr = min(int(ceil(span.y)), hi.x);
    int xa = (xl + max(xr - xl, 0) * cx / u_chunks) & ~1;
    int xb = cx == u_chunks - 1 ? xr : (xl + max(xr - xl, 0) * (cx + 1) / u_chunks) & ~1;
    int y = y0 + lane.y;
    for (int x = xa + lane.x; x < xb; x += 2) {
      vec2 p = vec2(x, y) + 0.5;
      if (y >= yhi) continue;  // odd last row
      Sample si = sampleStroke(p, s);
      if (si.a <= 0.0) continue;  // outside the coverage ramp every derivative is zero
      // resume from the checkpoint of i's block: C before the block, T after it
      vec4 cp = texelFetch(u_checkpoints, ivec3(x, y, block), 0);
      if (cp.a < 1e-6) continue;  // painted over by later blocks: T_i <= 1e-6, below what the canvas can show
      vec3 below = cp.rgb; float prod = 1.0, above = cp.a;
${loop
    ? '      for (int k = kLo; k <= kHi; k++) walkBlock(p, i, k, k, texelFetch(u_blockMask, ivec2(k, i), 0), below, prod, above);'
    : `      walkBlock(p, i, kLo, kHi, ${Array.from({ length: flat }, (_, t) => `bm${t}`).join(', ')}, below, prod, above);  // block masks fetched once`}
      vec3 D = texelFetch(u_dLdC, ivec2(x, y), 0).rgb * above;
      Grad g = d_stroke(p, s, dot(D, si.c - below), D * si.a);
      acc.g0 += g.g0; acc.g1 += g.g1; acc.g2 += g.g2; acc.g3 += g.g3;
    }
  }
  o_g0 = acc.g0; o_g1 = acc.g1; o_g2 = acc.g2; o_g3 = acc.g3;
}
`;
};
/** Sums the chunks of each stroke: output (0, i) per target. */
export const GATHER_CHUNKS_FS = /* glsl */ `${HEADER}
uniform sampler2D u_c0;
uniform sampler2D u_c1;
uniform sampler2D u_c2;
uniform sampler2D u_c3;
uniform int u_nChunks;
layout(location = 0) out vec4 o_g0;
layout(location = 1) out vec4 o_g1;
layout(location = 2) out vec4 o_g2;
layout(location = 3) out vec4 o_g3;
void main() {
  int i = int(gl_FragCoord.y);
  vec4 a0 = vec4(0.0), a1 = vec4(0.0), a2 = vec4(0.0), a3 = vec4(0.0);
  for (int c = 0; c < 4 * u_nChunks; c++) {
    ivec2 t = ivec2(c >> 1, 2 * i + (c & 1));  // layout of BACKWARD_FS: 2 x 2 texels per chunk
    a0 += texelFetch(u_c0, t, 0); a1 += texelFetch(u_c1, t, 0);
    a2 += texelFetch(u_c2, t, 0); a3 += texelFetch(u_c3, t, 0);
  }
  o_g0 = a0; o_g1 = a1; o_g2 = a2; o_g3 = a3;
}
`;
