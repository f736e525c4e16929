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
uniform int u_maskTexels;
uniform sampler2D u_base;    // canvas under the active strokes (flat background or frozen painting)

// Index of the lowest set bit of w (w != 0); GLSL ES 3.00 has no findLSB.
int lowestBit(uint w) { return int(round(log2(float(w & (~w + 1u))))); }

// C_i = (1 - a_i) C_{i-1} + a_i c_i over the strokes covering p, in order.
// below: canvas under stroke 'skip' (C_{skip-1}); above: transmittance of the strokes over it (T_skip).
// skip = u_count gives the final canvas in 'below'.
void walkTile(vec2 p, int skip, out vec3 below, out float above) {
  ivec2 pix = ivec2(p);
  below = texelFetch(u_base, pix, 0).rgb;
  above = 1.0;
  ivec2 tile = pix / u_tileSize;
  for (int k = 0; k < u_maskTexels; k++) {
    uvec4 mask = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * k, tile.y), 0);
    for (int c = 0; c < 4; c++) {
      uint w = mask[c];
      while (w != 0u) {
        int bit = lowestBit(w);
        w &= w - 1u;
        int j = k * 128 + c * 32 + bit;
        if (j == skip) continue;
        Sample sj = sampleStroke(p, fetchStroke(j));
        if (j < skip) below = mix(below, sj.c, sj.a);
        else above *= 1.0 - sj.a;
      }
    }
  }
}
`;
