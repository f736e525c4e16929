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

// Index of the lowest set bit of w (w != 0); GLSL ES 3.00 has no findLSB. The lowest bit alone is a
// power of two, exact as a float, whose exponent field is the index (cheaper than log2 under SwiftShader).
int lowestBit(uint w) { return int(floatBitsToUint(float(w & (~w + 1u))) >> 23) - 127; }

// Bits of word w (strokes first..first+31) that fall in [lo, hi).
uint bitsInRange(uint w, int first, int lo, int hi) {
  if (first >= hi || first + 32 <= lo) return 0u;
  if (lo > first) w &= ~0u << uint(lo - first);
  if (hi < first + 32) w &= (1u << uint(hi - first)) - 1u;
  return w;
}

// Walks the strokes with index in [lo, hi) that the pixel's tile lists, in painting order:
//   j < skip:  below = (1 - a_j) below + a_j c_j   and   prodBelow *= 1 - a_j
//   j > skip:  above *= 1 - a_j                         (transmittance of the strokes over 'skip')
// One flat loop over the four words of each mask texel, picked with constant indices: SwiftShader
// runs nested loops with a dynamically indexed uvec4 about 4x slower (measured in the backward).
void walkRange(vec2 p, int lo, int hi, int skip, inout vec3 below, inout float prodBelow, inout float above) {
  if (lo >= hi) return;
  ivec2 tile = ivec2(p) / u_tileSize;
  for (int k = lo / 128; k <= (hi - 1) / 128; k++) {
    uvec4 mask = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * k, tile.y), 0);
    int first = k * 128;
    uint w1 = bitsInRange(mask.y, first + 32, lo, hi);
    uint w2 = bitsInRange(mask.z, first + 64, lo, hi);
    uint w3 = bitsInRange(mask.w, first + 96, lo, hi);
    uint w = bitsInRange(mask.x, first, lo, hi);
    if (skip >= first && skip < first + 128) {  // the stroke being differentiated is not walked
      int bit = skip - first;
      uint own = ~(1u << uint(bit & 31));
      if (bit < 32) w &= own; else if (bit < 64) w1 &= own; else if (bit < 96) w2 &= own; else w3 &= own;
    }
    if ((w | w1 | w2 | w3) == 0u) continue;  // common case: nothing else of this block here
    int word = 0;
    while (true) {
      if (w == 0u) {
        word++;
        if (word == 4) break;
        w = word == 1 ? w1 : (word == 2 ? w2 : w3);
        continue;
      }
      int j = first + 32 * word + lowestBit(w);
      w &= w - 1u;
      if (j == skip) continue;
      Sample sj = sampleStroke(p, fetchStroke(j));
      if (j < skip) { below = mix(below, sj.c, sj.a); prodBelow *= 1.0 - sj.a; }
      else above *= 1.0 - sj.a;
    }
  }
}
`;

/** Checkpoints: strokes are split into CHECKPOINT_BLOCKS blocks of consecutive indices. */
export const CHECKPOINT_BLOCKS = 7;
