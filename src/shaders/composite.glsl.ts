// Per-pixel compositing over the tile lists: the one walk that the forward pass and the gradient pass share.
import { BRUSH } from './brush.glsl.js';
import { BITS, POSE, STROKE_COMMON } from './common.glsl.js';
import { ELLIPSE } from './ellipse.glsl.js';
import { OIL } from './oil.glsl.js';
import { RECT } from './rect.glsl.js';
import { STROKE_TYPES, TYPE_ID, type StrokeFeature, type StrokeType } from '../strokes/layout.js';

/** Each stroke chunk defines prep_X (what it works out about a pixel), sampleOf_X and its adjoint d_X. */
const FN = (kind: 'prep' | 'sampleOf' | 'd', t: StrokeType) => (kind === 'd' ? `d_${t}` : `${kind}_${t}`);

/**
 * Strokes and their dispatch by type, for the given set of types only. Software rasterizers such as
 * SwiftShader run every branch of the dispatch under a mask, so a program specialized to the types
 * present pays only for those (measured: 2-4x faster for a single type).
 */
export function strokesChunk(types: readonly StrokeFeature[]): string {
  const present = STROKE_TYPES.filter((t) => types.includes(t));
  if (present.length === 0) throw new Error('strokesChunk needs at least one stroke type');
  const dispatch = (kind: 'prep' | 'sampleOf' | 'd', args: string) => present
    .map((t, n) => (n === present.length - 1 ? `  return ${FN(kind, t)}(${args});` : `  if (type == ${TYPE_ID[t]}) return ${FN(kind, t)}(${args});`))
    .join('\n');
  return /* glsl */ `
${types.includes('bristles') ? '#define BRUSH_BRISTLES' : ''}
${present.includes('brush') ? '#define HAS_BRUSH' : ''}
${STROKE_COMMON}
${POSE}
${present.includes('brush') ? BRUSH : ''}
${present.includes('oil') ? OIL : ''}
${present.includes('rect') ? RECT : ''}
${present.includes('ellipse') ? ELLIPSE : ''}
Prep prepStroke(vec2 p, Stroke s) {
  int type = strokeType(s);
${dispatch('prep', 'p, s')}
}
Sample sampleOf(Prep Q, Stroke s) {
  int type = strokeType(s);
${dispatch('sampleOf', 'Q, s')}
}
Sample sampleStroke(vec2 p, Stroke s) { return sampleOf(prepStroke(p, s), s); }
// What the walks fetch of stroke j to sample it: a brush samples from its frame and shape, so a
// program of brushes alone skips the raw geometry (t0, t1): 4 texel fetches per listed stroke, not 6.
Stroke fetchSampled(int j) {
${present.length === 1 && present[0] === 'brush' ? `  Stroke s = Stroke(vec4(0.0), vec4(0.0), fetchParam(j, 2), fetchParam(j, 3),
                    texelFetch(u_frame, strokeTexel(j, 0, 1, 1), 0), texelFetch(u_shape, strokeTexel(j, 0, 1, 1), 0));
#ifdef BRUSH_BRISTLES
  s.t0 = fetchParam(j, 0);  // the streaks' phase
#endif
  return s;` : '  return fetchStroke(j);'}
}
Grad d_stroke(Prep Q, Stroke s, float ga, vec3 gc) {
  int type = strokeType(s);
${dispatch('d', 'Q, s, ga, gc')}
}
// The per-stroke end of the adjoint: the backward sums d_stroke over a stroke's pixels, and a type whose
// d_X gives sums of local gradients (the brush) turns them into dL/dparams here; for the others, d_X
// already gives dL/dparams.
Grad finishGrad(Grad g, Stroke s) {
${!present.includes('brush') ? '  return g;' : present.length === 1 ? '  return finish_brush(g, s);' : `  if (strokeType(s) == ${TYPE_ID.brush}) return finish_brush(g, s);\n  return g;`}
}
`;
}

/**
 * The loop over a pixel's tile list in painting order (needs p and tile in scope): `body` runs for each
 * listed stroke j with its sample sj. Shared by walkAll and the checkpoint forward, which keeps per-block
 * state in its body (one walk with that state measured 5x faster than a walk per block).
 */
export const eachListedStroke = (body: string) => /* glsl */ `
  // only the mask texels the tile's occupancy lists: an empty texel would still cost one turn of the
  // inner loop (SwiftShader runs every loop body at least once)
  for (int o = 0; o <= (u_count - 1) / 16384; o++) {
    uvec4 occ = texelFetch(u_occupancy, ivec2(tile.x + u_tilesX * o, tile.y), 0);
    while (occ != uvec4(0u)) {
      int k = o * 128 + popLowest(occ);
      uvec4 m = texelFetch(u_tiles, ivec2(tile.x + u_tilesX * k, tile.y), 0);
      while (m != uvec4(0u)) {
        int j = k * 128 + popLowest(m);
        Sample sj = sampleStroke(p, fetchSampled(j));
${body}
      }
    }
  }`;

/**
 * Tile lists: one bit per (tile, stroke), 128 strokes per RGBA32UI texel at (tx + tilesX * k, ty).
 * Walking a tile's bits in increasing order visits exactly the strokes whose bounds touch the tile,
 * in painting order, so the cost of a pixel follows how many strokes cover it, not how many exist.
 */
export const TILE_WALK = /* glsl */ `
uniform usampler2D u_tiles;
uniform usampler2D u_occupancy;  // per tile, bit k of texel (tx + tilesX * o, ty): mask texel 128 o + k lists a stroke
uniform int u_tileSize;
uniform int u_tilesX;
uniform sampler2D u_base;    // canvas under the active strokes (flat background or frozen painting)
${BITS}

// SwiftShader runs both sides of every branch under a lane mask and every loop body at least once, so
// the walk is written without branches: a flat loop over the set bits, whatever word they are in.

// Composites every stroke the pixel's tile lists over C, in painting order: C = (1 - a_j) C + a_j c_j.
void walkAll(vec2 p, inout vec3 C) {
  ivec2 tile = ivec2(p) / u_tileSize;
${eachListedStroke('      C = mix(C, sj.c, sj.a);')}
}
`;
