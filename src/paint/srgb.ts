// Colours converted to sRGB for the outputs that cannot carry a colour profile. fude paints the numbers
// a photograph stores, and painting.png carries the photograph's profile (node/icc.ts). A GIF, a video
// or an SVG is shown as sRGB by every viewer (Chromium ignores a GIF's ICC extension), so a painting of
// an Adobe RGB or Display P3 photograph looked duller there than in painting.png. Their pixels go
// through a table the browser makes: a grid of every colour step, saved as a PNG with the photograph's
// profile, which the browser decodes to sRGB with its own colour management (node/srgb-table.ts).
import type { ByteImage } from './image.js';

/**
 * Steps per channel of the grid: 33, as colour-management lookup tables commonly use. The error that is
 * left is where the browser clips colours outside sRGB, and a finer grid barely narrows it: against the
 * browser's own conversion of an Adobe RGB test picture (test/srgb.test.ts), 33 steps err by at most 16
 * levels (0.73% of channels by more than 3) and make the table in 64 ms; 49 steps 13 (0.30%) in 92 ms; 65
 * steps 12 (0.24%) in 162 ms (2026-12-05, llvmpipe).
 */
export const SRGB_GRID_STEPS = 33;

/**
 * The grid as an image: red steps along x within each block of SRGB_GRID_STEPS pixels, green by block,
 * blue along y. Its pixel (r + g·S, b) holds the colour (r, g, b)·255/(S − 1), rounded.
 */
export function srgbGrid(): ByteImage {
  const S = SRGB_GRID_STEPS, level = (k: number) => Math.round((k * 255) / (S - 1));
  const data = new Uint8Array(S * S * S * 4);
  for (let b = 0; b < S; b++) for (let g = 0; g < S; g++) for (let r = 0; r < S; r++) {
    data.set([level(r), level(g), level(b), 255], ((b * S + g) * S + r) * 4);
  }
  return { width: S * S, height: S, data };
}

/** The grid as the browser decoded it to sRGB: the lookup table. */
export type SrgbTable = ByteImage['data'];

/** Whether the table changes no colour by more than `levels` (an sRGB profile, which many photographs embed). */
export function changesNothing(table: SrgbTable, levels = 2): boolean {
  const grid = srgbGrid().data;
  for (let i = 0; i < grid.length; i++) if ((i & 3) !== 3 && Math.abs(grid[i] - table[i]) > levels) return false;
  return true;
}

/**
 * One colour (channels 0-255) through the table, interpolated between its eight nearest grid colours.
 * colourToSrgb(rgb) = Σ over the cube's corners of table[corner] · Π (1 − |t − corner|), t = rgb·(S − 1)/255
 */
export function colourToSrgb(table: SrgbTable, r: number, g: number, b: number): [number, number, number] {
  const packed = interpolate(table, r, g, b);
  return [packed >>> 16, (packed >> 8) & 255, packed & 255];
}

/** colourToSrgb's result packed as r << 16 | g << 8 | b, without an array (it runs per pixel). */
function interpolate(table: SrgbTable, r: number, g: number, b: number): number {
  const S = SRGB_GRID_STEPS, f = (S - 1) / 255, last = S - 2;
  const r0 = Math.min(last, Math.floor(r * f)), g0 = Math.min(last, Math.floor(g * f)), b0 = Math.min(last, Math.floor(b * f));
  const tr = r * f - r0, tg = g * f - g0, tb = b * f - b0;
  const dr = 4, dg = S * 4, db = S * S * 4; // the next grid colour along red, green and blue
  let packed = 0;
  for (let c = 0; c < 3; c++) {
    const at = ((b0 * S + g0) * S + r0) * 4 + c;
    // along red, then green, then blue
    const x00 = table[at] + tr * (table[at + dr] - table[at]);
    const x10 = table[at + dg] + tr * (table[at + dg + dr] - table[at + dg]);
    const x01 = table[at + db] + tr * (table[at + db + dr] - table[at + db]);
    const x11 = table[at + db + dg] + tr * (table[at + db + dg + dr] - table[at + db + dg]);
    const y0 = x00 + tg * (x10 - x00), y1 = x01 + tg * (x11 - x01);
    packed = (packed << 8) | Math.round(y0 + tb * (y1 - y0));
  }
  return packed;
}

/**
 * A converter of whole images, for a video's frames: each distinct colour is interpolated once (a
 * direct-mapped cache of the last colour seen per hash slot), and a pixel the image before had at the
 * same place, as 96% of a process frame's pixels are, is copied from its conversion. 60 frames of
 * 256 × 171: 40 ms in a fresh process, 16 ms warm.
 */
export function srgbConverter(table: SrgbTable): (img: ByteImage) => ByteImage {
  const SLOTS = 1 << 16;
  const keys = new Int32Array(SLOTS).fill(-1), values = new Int32Array(SLOTS);
  let before: { pixels: Uint32Array; out: Uint32Array } | undefined;
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  return ({ width, height, data }) => {
    const n = data.length >> 2;
    const pixels = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, n) : new Uint32Array(data.slice().buffer);
    const out = new Uint32Array(n);
    const same = before?.pixels.length === n ? before : undefined;
    const prev = same?.pixels ?? new Uint32Array(0), prevOut = same?.out ?? new Uint32Array(0), hasPrev = same !== undefined;
    for (let i = 0; i < n; i++) {
      if (hasPrev && pixels[i] === prev[i]) { out[i] = prevOut[i]; continue; }
      const p = i << 2, key = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
      const slot = (Math.imul(key, 0x9e3779b1) >>> 16) & (SLOTS - 1);
      let packed = values[slot];
      if (keys[slot] !== key) {
        const rgb = interpolate(table, data[p], data[p + 1], data[p + 2]);
        packed = values[slot] = little ? ((rgb & 255) << 16) | (rgb & 0xff00) | (rgb >>> 16) : rgb << 8;
        keys[slot] = key;
      }
      // the colour's bytes in memory order, and the pixel's own alpha
      out[i] = little ? (packed | (data[p + 3] << 24)) >>> 0 : (packed | data[p + 3]) >>> 0;
    }
    before = { pixels, out };
    return { width, height, data: new Uint8Array(out.buffer) };
  };
}
