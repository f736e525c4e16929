// The stroke parameter layout shared by every pass, the CPU reference and the file formats.
//
// Every stroke is 16 floats = 4 RGBA texels, whatever its type, so a mixed list lives in one texture
// (texel (k, i) holds floats 4k..4k+3 of stroke i). Positions are fractions of the canvas width/height,
// lengths are fractions of the canvas' longer side, angles are radians: the same list renders at any size.
//
//            texel 0              texel 1               texel 2           texel 3
// brush   x0  y0  x1  y1   |  x2  y2  r0  r2     |  c0.rgb    alpha  |  c2.rgb  type+bristles
// oil     cx  cy  len wid  |  angle seed -  -    |  c0.rgb    alpha  |  c2.rgb  type
// rect    cx  cy  w   h    |  angle -   -   -    |  c.rgb     alpha  |  -       type
// ellipse cx  cy  w   h    |  angle -   -   -    |  c.rgb     alpha  |  -       type

export const FLOATS_PER_STROKE = 16;
export const TEXELS_PER_STROKE = 4;

/**
 * Per-stroke GPU data is laid out in 2-D: stroke i sits in column floor(i / STROKES_PER_COLUMN), row
 * i % STROKES_PER_COLUMN, with a fixed block of texels per stroke. One column of strokes would cap the
 * count at the GPU's texture height (8192 under SwiftShader; 4096 for the backward's two rows per
 * stroke). Columns, not rows: software rasterizers split a pass between threads by rows, so a pass over
 * few tall columns keeps every core busy (a 512 x 2 backward ran at half the speed of 8 x 128).
 * Must match the GLSL constant in STROKE_COMMON.
 */
export const STROKES_PER_COLUMN = 1024;

/** Columns of strokes in the per-stroke textures for n strokes. */
export const strokeColumns = (n: number) => Math.max(1, Math.ceil(n / STROKES_PER_COLUMN));
/** Strokes per column actually used for n strokes. */
export const strokeColumnHeight = (n: number) => Math.max(1, Math.min(n, STROKES_PER_COLUMN));

export const STROKE_TYPES = ['brush', 'oil', 'rect', 'ellipse'] as const;
export type StrokeType = (typeof STROKE_TYPES)[number];
export const TYPE_ID: Record<StrokeType, number> = { brush: 0, oil: 1, rect: 2, ellipse: 3 };
/**
 * What a set of strokes asks of the stroke programs: its types, and 'bristles' when a brush has a
 * bristle texture (compiled in only then, so flat brushes pay nothing for it).
 */
export type StrokeFeature = StrokeType | 'bristles';
/**
 * A brush's bristle depth k shares the type slot: slot 15 holds TYPE_ID.brush + k with k in [0, MAX],
 * MAX < 0.5 so that rounding still gives the type (the brush's other 15 slots are all taken).
 */
export const MAX_BRISTLE_DEPTH = 0.45;

/** Parameter groups: each has its own learning rate. `fixed` is never optimized. */
export const PARAM_GROUPS = ['position', 'size', 'angle', 'color', 'opacity', 'fixed'] as const;
export type ParamGroup = (typeof PARAM_GROUPS)[number];

/** What each of the 16 slots means for one stroke type: its name and group. */
export interface SlotSpec {
  name: string;
  group: ParamGroup;
}

const unused = (n: number): SlotSpec => ({ name: `unused${n}`, group: 'fixed' });
const colour = (prefix: string): SlotSpec[] => ['r', 'g', 'b'].map((c) => ({ name: prefix + c, group: 'color' as const }));
const pos = (name: string): SlotSpec => ({ name, group: 'position' });
const size = (name: string): SlotSpec => ({ name, group: 'size' });
const alpha: SlotSpec = { name: 'alpha', group: 'opacity' };
const typeSlot: SlotSpec = { name: 'type', group: 'fixed' };

const boxLike = (): SlotSpec[] => [
  pos('cx'), pos('cy'), size('w'), size('h'),
  { name: 'angle', group: 'angle' }, unused(5), unused(6), unused(7),
  ...colour('c'), alpha,
  unused(12), unused(13), unused(14), typeSlot,
];

export const SLOTS: Record<StrokeType, SlotSpec[]> = {
  brush: [
    pos('x0'), pos('y0'), pos('x1'), pos('y1'),
    pos('x2'), pos('y2'), size('r0'), size('r2'),
    ...colour('c0'), alpha,
    ...colour('c2'), typeSlot,
  ],
  oil: [
    pos('cx'), pos('cy'), size('len'), size('wid'),
    { name: 'angle', group: 'angle' }, { name: 'seed', group: 'fixed' }, unused(6), unused(7),
    ...colour('c0'), alpha,
    ...colour('c2'), typeSlot,
  ],
  rect: boxLike(),
  ellipse: boxLike(),
};

export function typeOfId(id: number): StrokeType {
  const t = STROKE_TYPES[Math.round(id)];
  if (t === undefined) throw new Error(`unknown stroke type id ${id}`);
  return t;
}
