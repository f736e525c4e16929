// strokes.json: a versioned, documented file of a painting (see docs/strokes-format.md).
import { FudeError } from '../errors.js';
import { FLOATS_PER_STROKE, SLOTS, STROKE_TYPES } from './layout.js';
import { packStroke, type Stroke } from './stroke.js';

export const STROKES_FORMAT = 'fude-strokes';
export const STROKES_VERSION = 2;
/** Versions this fude reads: 1 had the same fields (its brushes now draw with version 2's geometry). */
export const READABLE_VERSIONS = [1, 2];

export interface StrokesFile {
  format: typeof STROKES_FORMAT;
  version: number;
  /** The working canvas the strokes were found on; they render at any size with this aspect ratio. */
  canvas: { width: number; height: number; background: [number, number, number] };
  /** In painting order: strokes[0] is painted first. */
  strokes: Stroke[];
  meta?: Record<string, unknown>;
}

export function toStrokesFile(canvas: StrokesFile['canvas'], strokes: Stroke[], meta?: Record<string, unknown>): StrokesFile {
  return { format: STROKES_FORMAT, version: STROKES_VERSION, canvas, strokes, ...(meta ? { meta } : {}) };
}

const bad = (msg: string): never => { throw new FudeError('bad-input', msg); };

/** Valid values per parameter group (and the seed): [lo, hi, what they are]. */
const RANGES: Record<string, [number, number, string]> = {
  position: [-10, 11, 'positions are fractions of the canvas, from -10 to 11'],
  size: [0, 10, 'sizes are fractions of the longer side, above 0 and at most 10'],
  angle: [-1e6, 1e6, 'angles are radians, within ±1e6'],
  color: [0, 1, 'colours are in [0, 1]'],
  opacity: [0, 1, 'alpha is in [0, 1]'],
  seed: [0, 1, 'the bristle seed is in [0, 1]'],
};

/** Parses and validates a strokes file (text or object); every problem names where it is. */
export function parseStrokesFile(input: string | unknown, name = 'strokes file'): StrokesFile {
  let doc: any = input;
  if (typeof input === 'string') {
    try { doc = JSON.parse(input); } catch (e) { bad(`${name} is not valid JSON (${(e as Error).message})`); }
  }
  if (!doc || typeof doc !== 'object') bad(`${name} is not a fude strokes file (expected a JSON object)`);
  if (doc.format !== STROKES_FORMAT) bad(`${name} is not a fude strokes file (format is ${JSON.stringify(doc.format)}, expected "${STROKES_FORMAT}")`);
  if (!READABLE_VERSIONS.includes(doc.version)) bad(`${name} has schema version ${JSON.stringify(doc.version)}; this fude reads versions ${READABLE_VERSIONS.join(' and ')}`);
  const c = doc.canvas;
  if (!c || !Number.isInteger(c.width) || !Number.isInteger(c.height) || c.width < 1 || c.height < 1) bad(`${name}: canvas.width and canvas.height must be positive whole numbers`);
  if (!Array.isArray(c.background) || c.background.length !== 3 || !c.background.every((v: unknown) => typeof v === 'number' && v >= 0 && v <= 1)) {
    bad(`${name}: canvas.background must be [r, g, b] in [0, 1]`);
  }
  if (!Array.isArray(doc.strokes)) bad(`${name}: "strokes" must be an array`);
  const scratch = new Float32Array(FLOATS_PER_STROKE);
  doc.strokes.forEach((s: any, i: number) => {
    if (!s || !STROKE_TYPES.includes(s.type)) bad(`${name}: stroke ${i} has unknown type ${JSON.stringify(s?.type)} (use ${STROKE_TYPES.join(', ')})`);
    try { packStroke(s, scratch, 0); } catch (e) { bad(`${name}: stroke ${i}: ${(e as Error).message}`); }
    // each field as written (a float32 would turn 1e39 into Infinity before it could be named)
    SLOTS[s.type as Stroke['type']].forEach((slot) => {
      const colour = /^(c0|c2|c)([rgb])$/.exec(slot.name);
      const v: number = colour ? s[colour[1]]['rgb'.indexOf(colour[2])] : s[slot.name];
      const range = RANGES[slot.group === 'fixed' ? slot.name : slot.group];
      if (range && !(v >= range[0] && v <= range[1] && (slot.group !== 'size' || v > 0))) {
        bad(`${name}: stroke ${i} (${s.type}): ${colour ? `${colour[1]}[${'rgb'.indexOf(colour[2])}]` : slot.name} = ${v} is out of range (${range[2]})`);
      }
    });
  });
  return doc as StrokesFile;
}
