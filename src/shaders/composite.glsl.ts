// Per-pixel compositing over the tile lists: the one walk that the forward pass and the gradient pass share.
import { BRUSH } from './brush.glsl.js';
import { POSE, STROKE_COMMON } from './common.glsl.js';
import { ELLIPSE } from './ellipse.glsl.js';
import { OIL } from './oil.glsl.js';
import { RECT } from './rect.glsl.js';
import { STROKE_TYPES, TYPE_ID, type StrokeType } from '../strokes/layout.js';

const SAMPLE_FN: Record<StrokeType, [string, string]> = {
  brush: ['sample_brush', 'd_brush'], oil: ['sample_oil', 'd_oil'], rect: ['sample_rect', 'd_rect'], ellipse: ['sample_ellipse', 'd_ellipse'],
};

/**
 * Strokes and their dispatch by type, for the given set of types only. Software rasterizers such as
 * SwiftShader run every branch of the dispatch under a mask, so a program specialized to the types
 * present pays only for those (measured: 2-4x faster for a single type).
 */
export function strokesChunk(types: readonly StrokeType[]): string {
  const present = STROKE_TYPES.filter((t) => types.includes(t));
  if (present.length === 0) throw new Error('strokesChunk needs at least one stroke type');
  const dispatch = (which: 0 | 1, args: string) => present
    .map((t, n) => (n === present.length - 1 ? `  return ${SAMPLE_FN[t][which]}(${args});` : `  if (type == ${TYPE_ID[t]}) return ${SAMPLE_FN[t][which]}(${args});`))
    .join('\n');
  return /* glsl */ `
${STROKE_COMMON}
${POSE}
${present.includes('brush') ? BRUSH : ''}
${present.includes('oil') ? OIL : ''}
${present.includes('rect') ? RECT : ''}
${present.includes('ellipse') ? ELLIPSE : ''}
Sample sampleStroke(vec2 p, Stroke s) {
  int type = strokeType(s);
${dispatch(0, 'p, s')}
}
Grad d_stroke(vec2 p, Stroke s, float ga, vec3 gc) {
  int type = strokeType(s);
${dispatch(1, 'p, s, ga, gc')}
}
`;
}

/**
 * Tile lists: one bit per (tile, stroke), 128 strokes per RGBA32UI texel at (tx + tilesX * k, ty).
 * Walking a tile's bits in increasing order visits exactly the strokes whose bounds touch the tile,
 * in painting order, so the cost of a pixel follows how many strokes cover it, not how many exist.
 */
export const TILE_WALK = /* glsl */ `
uniform usampler2D u_tiles;
uniform int u_tileSize;
uniform int u_tilesX;
uniform sampler2D u_base;    // canvas under the active strokes (flat background or frozen painting)

// Index of the lowest set bit of w (w != 0); GLSL ES 3.00 has no findLSB.
int lowestBit(uint w) { return int(round(log2(float(w & (~w + 1u))))); }

// Walks the strokes with index in [lo, hi) that the pixel's tile lists, in painting order:
//   j < skip:  below = (1 - a_j) below + a_j c_j   and   prodBelow *= 1 - a_j
//   j > skip:  above *= 1 - a_j                         (transmittance of the strokes over 'skip')
void walkRange(vec2 p, int lo, int hi, int skip, inout vec3 below, inout float prodBelow, inout float above) {
  if (lo >= hi) return;
  ivec2 tile = ivec2(p) / u_tileSize;
  for (int k = lo / 128; k <= (hi - 1) / 128; k++) {
    uvec4 mask = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * k, tile.y), 0);
    for (int c = 0; c < 4; c++) {
      int first = k * 128 + c * 32;  // stroke index of bit 0 of this word
      if (first >= hi || first + 32 <= lo) continue;
      uint w = mask[c];
      if (lo > first) w &= ~0u << uint(lo - first);
      if (hi < first + 32) w &= (1u << uint(hi - first)) - 1u;
      while (w != 0u) {
        int j = first + lowestBit(w);
        w &= w - 1u;
        if (j == skip) continue;
        Sample sj = sampleStroke(p, fetchStroke(j));
        if (j < skip) { below = mix(below, sj.c, sj.a); prodBelow *= 1.0 - sj.a; }
        else above *= 1.0 - sj.a;
      }
    }
  }
}
`;

/** Checkpoints: strokes are split into CHECKPOINT_BLOCKS blocks of consecutive indices. */
export const CHECKPOINT_BLOCKS = 7;
