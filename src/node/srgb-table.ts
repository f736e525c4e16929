// The table that converts a photograph's colours to sRGB (paint/srgb.ts), made by the page's browser from
// the photograph's ICC profile: Node has no colour management of its own, Chromium has a complete one.
import { colourToSrgb, srgbGrid, changesNothing, type SrgbTable } from '../paint/srgb.js';
import type { RGB, Stroke } from '../strokes/stroke.js';
import { namedSrgb, withIccProfile } from './icc.js';
import { encodePNG } from './outputs.js';
import { bytesFrom, serveFile } from './page-server.js';
import type { Session } from './session.js';

/** The last table each session made, by profile: paintToFiles asks for the GIF, the video and the SVG. */
const made = new WeakMap<Session, { profile: Uint8Array; table: SrgbTable | undefined }>();

/** The grid, encoded once: each profile only adds its chunk. */
let gridPng: Buffer | undefined;

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The table for colours stored under `profile` (an ICC profile's bytes), or undefined when there is none
 * or it changes no colour by more than 2 levels (an sRGB profile, which many photographs carry).
 */
export async function srgbTableFor(session: Session, profile: Uint8Array | undefined): Promise<SrgbTable | undefined> {
  if (!profile?.length || namedSrgb(profile)) return undefined;
  const last = made.get(session);
  if (last && sameBytes(last.profile, profile)) return last.table;
  gridPng ??= encodePNG(srgbGrid());
  const grid = withIccProfile(gridPng, { name: 'ICC profile', profile });
  const served = await serveFile(grid);
  let table: SrgbTable | undefined;
  try {
    table = bytesFrom(await session.call('srgbTable', { path: served.path, name: 'the colour grid' }));
  } finally {
    served.release();
  }
  if (changesNothing(table)) table = undefined;
  made.set(session, { profile, table });
  return table;
}

/** Strokes and background with their colours in sRGB (for the SVG), through the table. */
export function strokesInSrgb(table: SrgbTable, strokes: Stroke[], background: RGB): { strokes: Stroke[]; background: RGB } {
  const convert = (c: RGB): RGB => colourToSrgb(table, ...(c.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) as RGB)).map((v) => v / 255) as RGB;
  return {
    strokes: strokes.map((s) => ('c' in s ? { ...s, c: convert(s.c) } : { ...s, c0: convert(s.c0), c2: convert(s.c2) })),
    background: convert(background),
  };
}
