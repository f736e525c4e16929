// Where each stroke can paint: its bounds (box and oriented box) and the per-tile stroke lists that the
// forward and backward walks iterate.
import { BITS, HEADER, STROKE_COMMON } from './common.glsl.js';
import { BRUSH_DISTANCE } from './brush.glsl.js';
import { STROKES_PER_COLUMN, TYPE_ID } from '../strokes/layout.js';

/** How far past a stroke's shape its coverage reaches, in pixels (coverage() is 0 from d = sigma / 2 on). */
const REACH = /* glsl */ `
float reachOf(bool ellipse, float sigma) { return ellipse ? sigma + 1.0 : 0.5 * sigma + 0.05; }
`;

/**
 * Conservative pixel bounds of every stroke (in this engine's pixels), in its texel of four targets:
 * the box (xmin, ymin, xmax, ymax); the oriented box's centre and axis (cx, cy, cos, sin), which is
 * also the frame the strokes sample in; its half extents with the stroke's flag (ex, ey, frozen, K);
 * and the stroke's shape (a brush's chord length, bend and radii in pixels, see brush.glsl.ts). Tiles
 * and the backward skip what the axis-aligned box wastes on a rotated stroke.
 * A brush's oriented box lies along its chord, and K is how fast its distance can change (a Lipschitz
 * bound, for the tiles' distance test below; 0 for the other strokes, which have no such test).
 */
export const BOUNDS_FS = /* glsl */ `${HEADER}
${STROKE_COMMON}
${REACH}
uniform sampler2D u_flags;  // one texel per stroke: x = 1 for a frozen stroke (composited, never moved)
layout(location = 0) out vec4 o_bounds;
layout(location = 1) out vec4 o_frame;
layout(location = 2) out vec4 o_extent;
layout(location = 3) out vec4 o_shape;
void main() {
  int i = strokeOfTexel(ivec2(gl_FragCoord.xy), 1, 1);
  o_shape = vec4(0.0);
  if (i >= u_count) { o_bounds = vec4(1e9, 1e9, -1e9, -1e9); o_frame = vec4(0.0); o_extent = vec4(0.0); return; }
  Stroke s = fetchParams(i);
  float S = canvasScale();
  float frozen = texelFetch(u_flags, strokeTexel(i, 0, 1, 1), 0).x;
  // Coverage reaches d = sigma / 2 outside the shape (the distance of rect, oil and brush is exact or
  // exact per axis); the ellipse's distance is an approximation, so it gets a wider margin.
  float margin = reachOf(strokeType(s) == ${TYPE_ID.ellipse}, u_sigma);
  vec2 lo, hi;
  if (strokeType(s) == ${TYPE_ID.brush}) {
    // brush.glsl.ts in its chord frame: the centreline runs along [0, L] and reaches bc/2 across;
    // coverage reaches r + margin from it, across the chord and past the ends
    vec2 A = toPixels(s.t0.xy), B = toPixels(s.t0.zw), C = toPixels(s.t1.xy);
    float r = max(s.t1.z, s.t1.w) * S;
    float len = length(C - A);
    vec2 u = len > 1e-6 ? (C - A) / len : vec2(1.0, 0.0), v = vec2(-u.y, u.x);
    float L = max(len, 1e-3), bc = clamp(dot(B - A, v), -0.5 * L, 0.5 * L);
    vec2 centre = A + u * 0.5 * L + v * 0.25 * bc;
    vec2 half_ = vec2(0.5 * L + r, 0.25 * abs(bc) + r);
    o_frame = vec4(centre, u);
    o_shape = vec4(L, bc, s.t1.zw * S);  // what brushAt needs besides the frame
    // d = |v - y(u/L)| - r(u/L) along the chord has |grad d| <= sqrt(1 + ((max|y'| + |r2 - r0|) / L)^2),
    // max|y'| = 2|bc| (docs/derivations.md, "The brush's tiles"); 1 over the round caps
    float slope = (2.0 * abs(bc) + abs(s.t1.w - s.t1.z) * S) / L, lipschitz = sqrt(1.0 + slope * slope);
    o_extent = vec4(half_ + margin, frozen, lipschitz);
    vec2 reach = abs(u) * half_.x + abs(v) * half_.y;
    lo = centre - reach;
    hi = centre + reach;
  } else {
    vec2 b = 0.5 * s.t0.zw * S;
    vec2 sc = sincos(s.t1.x);
    float cs = sc.y, sn = sc.x;
    vec2 e = vec2(abs(cs) * b.x + abs(sn) * b.y, abs(sn) * b.x + abs(cs) * b.y);
    vec2 c = toPixels(s.t0.xy);
    lo = c - e; hi = c + e;
    o_frame = vec4(c, cs, sn);
    o_extent = vec4(b + margin, frozen, 0.0);
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
const int COLUMN_BITS = ${Math.log2(STROKES_PER_COLUMN)};
uniform sampler2D u_bounds;
uniform sampler2D u_frame;
uniform sampler2D u_extent;
uniform sampler2D u_shape;  // a brush's chord length, bend and radii (BOUNDS_FS)
uniform float u_sigma;
uniform int u_count;
uniform int u_tileSize;
uniform int u_tilesX;
uniform usampler2D u_coarse;
uniform int u_coarseRatio;
uniform int u_coarseTilesX;
out uvec4 o_mask;
${REACH}
${BRUSH_DISTANCE}

// Whether stroke j touches the tile (centre tc, half size th): separating axes of the tile (the boxes)
// and of the stroke's oriented box. A brush's box has its caps' corners and the narrow end's sides,
// about 30% of it, where the brush never paints: it also needs its distance at the tile's centre, less
// the most it can fall over the tile's pixel centres (within (th - 0.5) sqrt 2 of tc), below its reach.
bool touches(int j, vec2 tc, float th) {
  ivec2 at = ivec2(j >> COLUMN_BITS, j & ((1 << COLUMN_BITS) - 1));
  vec4 bb = texelFetch(u_bounds, at, 0);
  vec4 fr = texelFetch(u_frame, at, 0);
  vec4 e = texelFetch(u_extent, at, 0);
  vec2 d = tc - fr.xy;
  float reach = th * (abs(fr.z) + abs(fr.w));
  bool box = bb.x < tc.x + th && bb.z > tc.x - th && bb.y < tc.y + th && bb.w > tc.y - th
      && abs(dot(d, fr.zw)) <= e.x + reach && abs(dot(d, vec2(-fr.w, fr.z))) <= e.y + reach;
  float dist = brushDistance(d, fr.zw, texelFetch(u_shape, at, 0));
  bool near = e.w <= 0.0 || dist - e.w * (th - 0.5) * 1.41421356 < reachOf(false, u_sigma);
  return box && near;
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

/**
 * Occupancy: bit b of texel (tx + tilesX * o, ty) says the tile's mask texel 128 o + b lists at least one
 * stroke, so walks visit only the texels that matter: their cost follows the strokes near a pixel, not
 * how many exist.
 */
export const OCCUPANCY_FS = /* glsl */ `${HEADER}
uniform usampler2D u_tiles;
uniform int u_tilesX;
uniform int u_texels;  // mask texels per tile
out uvec4 o_occupancy;
void main() {
  ivec2 f = ivec2(gl_FragCoord.xy);
  int o = f.x / u_tilesX;
  ivec2 tile = ivec2(f.x - o * u_tilesX, f.y);
  uvec4 occ = uvec4(0u);
  for (int b = 0; b < 128; b++) {
    int k = o * 128 + b;
    if (k >= u_texels) break;
    bool any_ = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * k, tile.y), 0) != uvec4(0u);
    uint bit = any_ ? 1u << uint(b & 31) : 0u;
    occ |= uvec4(b >> 5 == 0 ? bit : 0u, b >> 5 == 1 ? bit : 0u, b >> 5 == 2 ? bit : 0u, b >> 5 == 3 ? bit : 0u);
  }
  o_occupancy = occ;
}
`;
