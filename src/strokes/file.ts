// strokes.json: a versioned, documented file of a painting (see docs/strokes-format.md).
import { FudeError } from '../errors.js';
import { FLOATS_PER_STROKE, SLOTS, STROKE_TYPES } from './layout.js';
import { packStroke, type Stroke } from './stroke.js';

export const STROKES_FORMAT = 'fude-strokes';
export const STROKES_VERSION = 1;

export interface StrokesFile {
  format: typeof STROKES_FORMAT;
  version: typeof STROKES_VERSION;
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

/** Parses and validates a strokes file (text or object); every problem names where it is. */
export function parseStrokesFile(input: string | unknown, name = 'strokes file'): StrokesFile {
  let doc: any = input;
  if (typeof input === 'string') {
    try { doc = JSON.parse(input); } catch (e) { bad(`${name} is not valid JSON (${(e as Error).message})`); }
  }
  if (!doc || typeof doc !== 'object') bad(`${name} is not a fude strokes file (expected a JSON object)`);
  if (doc.format !== STROKES_FORMAT) bad(`${name} is not a fude strokes file (format is ${JSON.stringify(doc.format)}, expected "${STROKES_FORMAT}")`);
  if (doc.version !== STROKES_VERSION) bad(`${name} has schema version ${JSON.stringify(doc.version)}; this fude reads version ${STROKES_VERSION}`);
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
    SLOTS[s.type as Stroke['type']].forEach((slot, k) => {
      const v = scratch[k];
      if ((slot.group === 'color' || slot.group === 'opacity') && !(v >= 0 && v <= 1)) bad(`${name}: stroke ${i} (${s.type}): ${slot.name} must be in [0, 1], got ${v}`);
      if (slot.group === 'size' && !(v > 0)) bad(`${name}: stroke ${i} (${s.type}): ${slot.name} must be > 0, got ${v}`);
    });
  });
  return doc as StrokesFile;
}
