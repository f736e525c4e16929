// The engine's fragment programs. Each is a full-screen pass over its output texture.
// Forward and backward are built from the same stroke chunks (specialized to the stroke types present)
// and the same TILE_WALK and uniforms.
import { BITS, HEADER, STROKE_COMMON } from './common.glsl.js';
import { strokesChunk, TILE_WALK } from './composite.glsl.js';
import type { StrokeType } from '../strokes/layout.js';

/**
 * Conservative pixel bounds of every stroke, in texel (0, i) of three targets: the box (xmin, ymin,
 * xmax, ymax), and for box-like strokes the oriented box, centre and axis (cx, cy, cos, sin) and half
 * extents (ex, ey, 0, 0), so tiles and the backward can skip what the axis-aligned box wastes on a
 * rotated stroke. A brush gets an oriented box that contains everything.
 */
export const BOUNDS_FS = /* glsl */ `${HEADER}
${STROKE_COMMON}
layout(location = 0) out vec4 o_bounds;
layout(location = 1) out vec4 o_frame;
layout(location = 2) out vec4 o_extent;
void main() {
  Stroke s = fetchParams(int(gl_FragCoord.y));
  float S = canvasScale();
  float margin = u_sigma + 1.0;  // coverage reaches d = sigma / 2 outside the shape
  vec2 lo, hi;
  if (strokeType(s) == 0) {
    vec2 A = s.t0.xy * u_size, B = s.t0.zw * u_size, C = s.t1.xy * u_size;
    float r = max(s.t1.z, s.t1.w) * S;
    lo = min(min(A, B), C) - r;  // the curve stays inside its control polygon's box
    hi = max(max(A, B), C) + r;
    o_frame = vec4(0.5 * (lo + hi), 1.0, 0.0);
    o_extent = vec4(0.5 * (hi - lo) + margin, 0.0, 0.0);
  } else {
    vec2 b = 0.5 * s.t0.zw * S;
    vec2 sc = sincos(s.t1.x);
    float cs = sc.y, sn = sc.x;
    vec2 e = vec2(abs(cs) * b.x + abs(sn) * b.y, abs(sn) * b.x + abs(cs) * b.y);
    vec2 c = s.t0.xy * u_size;
    lo = c - e; hi = c + e;
    o_frame = vec4(c, cs, sn);
    o_extent = vec4(b + margin, 0.0, 0.0);
  }
  o_bounds = vec4(lo - margin, hi + margin);
}
`;

/**
 * Tile masks: bit (c*32 + b) of texel (tx + tilesX*k, ty) says stroke k*128 + c*32 + b touches the tile.
 * Made in two levels: coarse tiles test every stroke; fine tiles test only the strokes their coarse tile
 * lists (u_coarse, u_coarseRatio fine tiles per side), so the cost follows the strokes near a tile.
 */
export const TILES_FS = (fromCoarse: boolean) => /* glsl */ `${HEADER}
${BITS}
uniform sampler2D u_bounds;
uniform sampler2D u_frame;
uniform sampler2D u_extent;
uniform int u_count;
uniform int u_tileSize;
uniform int u_tilesX;
uniform usampler2D u_coarse;
uniform int u_coarseRatio;
uniform int u_coarseTilesX;
out uvec4 o_mask;

// Whether stroke j touches the tile (centre tc, half size th): separating axes of the tile (the boxes)
// and of the stroke's oriented box.
bool touches(int j, vec2 tc, float th) {
  vec4 bb = texelFetch(u_bounds, ivec2(0, j), 0);
  vec4 fr = texelFetch(u_frame, ivec2(0, j), 0);
  vec2 e = texelFetch(u_extent, ivec2(0, j), 0).xy;
  vec2 d = tc - fr.xy;
  float reach = th * (abs(fr.z) + abs(fr.w));
  return bb.x < tc.x + th && bb.z > tc.x - th && bb.y < tc.y + th && bb.w > tc.y - th
      && abs(dot(d, fr.zw)) <= e.x + reach && abs(dot(d, vec2(-fr.w, fr.z))) <= e.y + reach;
}

void main() {
  ivec2 f = ivec2(gl_FragCoord.xy);
  int k = f.x / u_tilesX;
  ivec2 tile = ivec2(f.x - k * u_tilesX, f.y);
  float th = 0.5 * float(u_tileSize);
  vec2 tc = (vec2(tile) + 0.5) * float(u_tileSize);
  uvec4 mask = uvec4(0u);
${fromCoarse ? `
  ivec2 ct = tile / u_coarseRatio;
  uvec4 m = texelFetch(u_coarse, ivec2(ct.x + u_coarseTilesX * k, ct.y), 0);
  while (m != uvec4(0u)) {
    int b = popLowest(m);
    bool hit = touches(k * 128 + b, tc, th);
    uint bit = hit ? 1u << uint(b & 31) : 0u;
    mask |= uvec4(b >> 5 == 0 ? bit : 0u, b >> 5 == 1 ? bit : 0u, b >> 5 == 2 ? bit : 0u, b >> 5 == 3 ? bit : 0u);
  }` : `
  for (int c = 0; c < 4; c++) {
    uint w = 0u;
    for (int b = 0; b < 32; b++) {
      int j = k * 128 + c * 32 + b;
      if (j >= u_count) break;
      if (touches(j, tc, th)) w |= 1u << uint(b);
    }
    mask[c] = w;
  }`}
  o_mask = mask;
}
`;

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
  for (int k = 0; k <= (u_count - 1) / 128; k++) {
    uvec4 m = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * k, tile.y), 0);
    while (m != uvec4(0u)) {
      int j = k * 128 + popLowest(m);
      Sample sj = sampleStroke(p, fetchStroke(j));
      C = mix(C, sj.c, sj.a);
      float f = 1.0 - sj.a;
      float b = floor((float(j) + 0.5) / float(u_blockSize));  // exact: never near an integer
    ${each((b) => `prod${b} *= b == ${b}.0 ? f : 1.0;`)}
    ${each((b) => `before${b} = b < ${b}.0 ? C : before${b};`, 1)}
    }
  }
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

/**
 * Backward: output texel (chunk, i) holds the gradient of stroke i summed over one of CHUNKS x CHUNKS
 * pieces of its bounds, split over 4 targets (the 16 floats of the layout). Per pixel:
 *   dL/da_i = G T_i . (c_i - C_{i-1}),   dL/dc_i = G T_i a_i   (NOTES.md section 4)
 * with T_i and C_{i-1} recovered from the checkpoint of i's block and a walk inside that block.
 */
export const BACKWARD_FS = (types: readonly StrokeType[], blockTexels: number) => /* glsl */ `${HEADER}
${strokesChunk(types)}
${TILE_WALK}
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
  uvec4 bm = texelFetch(u_blockMask, ivec2(kLo, i), 0);
  uvec4 bm1 = kHi > kLo ? texelFetch(u_blockMask, ivec2(kHi, i), 0) : uvec4(0u);
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
      vec3 below = cp.rgb; float prod = 1.0, above = cp.a;
${blockTexels === 1
    ? '      walkBlock(p, i, kLo, bm, below, prod, above);  // every block lies in one mask texel: bm is fetched once'
    : blockTexels === 2
    ? '      walkBlock2(p, i, kLo, kHi, bm, bm1, below, prod, above);  // blocks span up to two texels'
    : '      for (int k = kLo; k <= kHi; k++) walkBlock(p, i, k, texelFetch(u_blockMask, ivec2(k, i), 0), below, prod, above);'}
      vec3 D = texelFetch(u_dLdC, ivec2(x, y), 0).rgb * above;
      Grad g = d_stroke(p, s, dot(D, si.c - below), D * si.a);
      acc.g0 += g.g0; acc.g1 += g.g1; acc.g2 += g.g2; acc.g3 += g.g3;
    }
  }
  o_g0 = acc.g0; o_g1 = acc.g1; o_g2 = acc.g2; o_g3 = acc.g3;
}
`;

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

/** One level of the sum pyramid: each output texel sums a WINDOW x WINDOW block of the input. */
export const SUM_FS = /* glsl */ `${HEADER}
uniform sampler2D u_src;
uniform ivec2 u_srcSize;
uniform int u_window;
out vec4 o_sum;
void main() {
  ivec2 base = ivec2(gl_FragCoord.xy) * u_window;
  vec4 acc = vec4(0.0);
  for (int y = 0; y < u_window; y++) {
    for (int x = 0; x < u_window; x++) {
      ivec2 t = base + ivec2(x, y);
      if (t.x < u_srcSize.x && t.y < u_srcSize.y) acc += texelFetch(u_src, t, 0);
    }
  }
  o_sum = acc;
}
`;

/** Shows a float canvas on the default framebuffer (flipped: our row 0 is the image's top). */
export const DISPLAY_FS = /* glsl */ `${HEADER}
uniform sampler2D u_canvas;
uniform vec2 u_viewSize;
out vec4 o_colour;
void main() {
  vec2 uv = vec2(gl_FragCoord.x, u_viewSize.y - gl_FragCoord.y) / u_viewSize;
  o_colour = vec4(clamp(texture(u_canvas, uv).rgb, 0.0, 1.0), 1.0);
}
`;
