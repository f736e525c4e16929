// The table that converts a photograph's colours to sRGB (paint/srgb.ts), made by the page's browser from
// the photograph's ICC profile: Node has no colour management of its own, Chromium has a complete one.
import { colourToSrgb, srgbGrid, changesNothing, type SrgbTable } from '../paint/srgb.js';
import type { RGB, Stroke } from '../strokes/stroke.js';
import { withIccProfile } from './icc.js';
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

/**
 * Whether a profile calls itself sRGB (its description starts so: the 3144-byte "sRGB IEC61966-2.1"
 * that cameras and image editors embed, and its version-4 successors). That answer costs no trip to
 * the page (30-60 ms, which would otherwise be spent learning that the table changes nothing).
 */
export function namedSrgb(profile: Uint8Array): boolean {
  const u32 = (at: number) => ((profile[at] << 24) | (profile[at + 1] << 16) | (profile[at + 2] << 8) | profile[at + 3]) >>> 0;
  const ascii = (at: number, n: number) => String.fromCharCode(...profile.subarray(at, at + n));
  if (profile.length < 132) return false;
  const tags = Math.min(u32(128), 100);
  for (let k = 0; k < tags; k++) {
    const entry = 132 + 12 * k;
    if (entry + 12 > profile.length || ascii(entry, 4) !== 'desc') continue;
    const at = u32(entry + 4);
    if (at + 16 > profile.length) return false;
    // version 2: 'desc', 4 reserved bytes, a length, ASCII; version 4: 'mluc', 4 reserved bytes, the
    // record count and size, then records of language, country, length and offset (from the tag) of
    // UTF-16BE text: the first record's
    if (ascii(at, 4) === 'desc') return ascii(at + 12, 4) === 'sRGB';
    if (ascii(at, 4) === 'mluc' && at + 28 <= profile.length) {
      const text = at + u32(at + 24);
      return text + 8 <= profile.length && new TextDecoder('utf-16be').decode(profile.subarray(text, text + 8)) === 'sRGB';
    }
    return false;
  }
  return false;
}

/** Strokes and background with their colours in sRGB (for the SVG), through the table. */
export function strokesInSrgb(table: SrgbTable, strokes: Stroke[], background: RGB): { strokes: Stroke[]; background: RGB } {
  const convert = (c: RGB): RGB => colourToSrgb(table, ...(c.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) as RGB)).map((v) => v / 255) as RGB;
  return {
    strokes: strokes.map((s) => ('c' in s ? { ...s, c: convert(s.c) } : { ...s, c0: convert(s.c0), c2: convert(s.c2) })),
    background: convert(background),
  };
}
