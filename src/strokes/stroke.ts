// Strokes as plain objects (what users and strokes.json see) and their packing into the 16-float layout.
import { FLOATS_PER_STROKE, MAX_BRISTLE_DEPTH, SLOTS, STROKE_TYPES, TYPE_ID, type StrokeType, typeOfId } from './layout.js';

export type RGB = [number, number, number];

export interface BrushStroke {
  type: 'brush';
  x0: number; y0: number; x1: number; y1: number; x2: number; y2: number;
  r0: number; r2: number;
  c0: RGB; c2: RGB; alpha: number;
  /** Depth of the bristle streaks, 0 (flat, the default) to 1 (gaps show what is under at the dry end). */
  bristles?: number;
}
export interface OilStroke {
  type: 'oil';
  cx: number; cy: number; len: number; wid: number; angle: number; seed: number;
  c0: RGB; c2: RGB; alpha: number;
}
export interface BoxStroke<T extends 'rect' | 'ellipse'> {
  type: T;
  cx: number; cy: number; w: number; h: number; angle: number;
  c: RGB; alpha: number;
}
export type RectStroke = BoxStroke<'rect'>;
export type EllipseStroke = BoxStroke<'ellipse'>;
export type Stroke = BrushStroke | OilStroke | RectStroke | EllipseStroke;

const COLOUR_SLOT = /^(c0|c2|c)([rgb])$/;

/** Packs strokes into the GPU layout (16 floats each). */
export function packStrokes(strokes: readonly Stroke[]): Float32Array {
  const out = new Float32Array(strokes.length * FLOATS_PER_STROKE);
  strokes.forEach((s, i) => packStroke(s, out, i * FLOATS_PER_STROKE));
  return out;
}

export function packStroke(s: Stroke, out: Float32Array, offset: number): void {
  if (!STROKE_TYPES.includes(s.type)) {
    throw new Error(`unknown stroke type "${String(s.type)}": use one of ${STROKE_TYPES.join(', ')}`);
  }
  const rec = s as unknown as Record<string, number | number[]>;
  SLOTS[s.type].forEach((slot, k) => {
    let v: number;
    const colour = COLOUR_SLOT.exec(slot.name);
    if (slot.name === 'type') v = TYPE_ID[s.type] + (s.type === 'brush' ? bristleSlot(s.bristles) : 0);
    else if (slot.group === 'fixed' && slot.name.startsWith('unused')) v = 0;
    else if (colour) v = (rec[colour[1]] as number[] | undefined)?.['rgb'.indexOf(colour[2])] as number;
    else v = rec[slot.name] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${s.type} stroke: parameter "${colour ? colour[1] : slot.name}" must be a finite number, got ${JSON.stringify(colour ? rec[colour[1]] : v)}`);
    }
    out[offset + k] = v;
  });
}

/** A brush's bristles (0..1) as its share of the type slot (see MAX_BRISTLE_DEPTH). */
function bristleSlot(bristles: number | undefined): number {
  if (bristles === undefined || bristles === 0) return 0;
  if (typeof bristles !== 'number' || !(bristles >= 0 && bristles <= 1)) {
    throw new Error(`brush stroke: "bristles" must be a number from 0 to 1, got ${JSON.stringify(bristles)}`);
  }
  return bristles * MAX_BRISTLE_DEPTH;
}

/** Unpacks `count` strokes from the GPU layout. */
export function unpackStrokes(data: ArrayLike<number>, count = Math.floor(data.length / FLOATS_PER_STROKE)): Stroke[] {
  const strokes: Stroke[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * FLOATS_PER_STROKE;
    const type: StrokeType = typeOfId(data[o + 15]);
    const rec: Record<string, unknown> = { type };
    SLOTS[type].forEach((slot, k) => {
      if (slot.name === 'type' || slot.name.startsWith('unused')) return;
      const colour = COLOUR_SLOT.exec(slot.name);
      if (colour) {
        const arr = (rec[colour[1]] ??= [0, 0, 0]) as number[];
        arr['rgb'.indexOf(colour[2])] = data[o + k];
      } else rec[slot.name] = data[o + k];
    });
    const bristles = type === 'brush' ? (data[o + 15] - TYPE_ID.brush) / MAX_BRISTLE_DEPTH : 0;
    if (bristles > 0) rec.bristles = Math.min(1, Math.round(bristles * 1e6) / 1e6);  // float32 -> as written
    strokes.push(rec as unknown as Stroke);
  }
  return strokes;
}
