// The target's downscaling: Lanczos-3 as PIL computes it (the kernel stretched by the scale, weights
// normalized, edges clamped), checked against the two-dimensional sum written out directly.
import { describe, expect, it } from 'vitest';
import { lanczosResize } from '../src/paint/lanczos.js';

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
const kernel = (x: number) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0);

/** One output pixel's channel as the full 2D sum over every input pixel. */
function direct(data: Uint8Array, sw: number, sh: number, dw: number, dh: number, x: number, y: number, c: number): number {
  const weight = (o: number, i: number, from: number, to: number) => {
    const scale = from / to, stretch = Math.max(1, scale);
    return kernel((i - ((o + 0.5) * scale - 0.5)) / stretch);
  };
  // clamped edges: an input index past the border reads the border pixel, with its own weight
  let sum = 0, total = 0;
  for (let j = -20; j < sh + 20; j++) for (let i = -20; i < sw + 20; i++) {
    const w = weight(x, i, sw, dw) * weight(y, j, sh, dh);
    if (w === 0) continue;
    const p = (Math.min(sh - 1, Math.max(0, j)) * sw + Math.min(sw - 1, Math.max(0, i))) * 4 + c;
    sum += w * data[p]; total += w;
  }
  return sum / total;
}

describe('lanczosResize', () => {
  it('agrees with the direct two-dimensional sum, to rounding', () => {
    const sw = 37, sh = 23, dw = 11, dh = 7;
    const data = Uint8Array.from({ length: sw * sh * 4 }, (_, i) => (i * 97 + (i >> 2) * 13) % 256);
    const out = lanczosResize({ width: sw, height: sh, data }, dw, dh);
    expect([out.width, out.height]).toEqual([dw, dh]);
    for (let y = 0; y < dh; y++) for (let x = 0; x < dw; x++) for (let c = 0; c < 4; c++) {
      const want = Math.min(255, Math.max(0, direct(data, sw, sh, dw, dh, x, y, c)));
      expect(Math.abs(out.data[(y * dw + x) * 4 + c] - want)).toBeLessThanOrEqual(0.51);
    }
  });

  it('keeps a flat colour flat, and clamps the lobes\' overshoot at a hard edge instead of wrapping', () => {
    const flat = lanczosResize({ width: 40, height: 30, data: new Uint8Array(40 * 30 * 4).fill(200) }, 13, 9);
    expect(new Set(flat.data)).toEqual(new Set([200]));
    // black then white halves: next to the edge the lobes ring past 0 and 255
    const edge = new Uint8Array(60 * 4 * 4);
    for (let y = 0; y < 4; y++) for (let x = 30; x < 60; x++) edge.fill(255, (y * 60 + x) * 4, (y * 60 + x) * 4 + 4);
    const row = [...lanczosResize({ width: 60, height: 4, data: edge }, 25, 4).data].filter((_, i) => i % 4 === 0).slice(0, 25);
    expect(row[0]).toBe(0);
    expect(row[24]).toBe(255);
    for (let k = 1; k < 25; k++) expect(row[k]).toBeGreaterThanOrEqual(row[k - 1] - 12); // ringing, never a wrap to the other end
  });
});
