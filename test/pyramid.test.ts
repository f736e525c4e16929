// The target's pyramid for coarse stages: 2x2 box averages, and images one pixel thin.
import { describe, expect, it } from 'vitest';
import { halve, pyramid } from '../src/paint/pyramid.js';
import type { FloatImage } from '../src/paint/image.js';

/** An image whose pixel (x, y) is (x, y, x + 10 y, 1). */
const ramp = (width: number, height: number): FloatImage => {
  const data = new Float32Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, x + 10 * y, 1], (y * width + x) * 4);
  return { width, height, data };
};
const pixel = (img: FloatImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('halve', () => {
  it('averages each 2x2 block, dropping an odd last row and column', () => {
    const h = halve(ramp(5, 3));
    expect([h.width, h.height]).toEqual([2, 1]);
    expect(pixel(h, 0, 0)).toEqual([0.5, 0.5, 5.5, 1]);
    expect(pixel(h, 1, 0)).toEqual([2.5, 0.5, 7.5, 1]);
  });

  it('keeps a one-pixel side one pixel, from that row alone (a 9000 x 40 photograph at 256 px is 256 x 2, its coarser levels one row high)', () => {
    const levels = pyramid(ramp(8, 1), 4);
    expect(levels.map((l) => [l.width, l.height])).toEqual([[8, 1], [4, 1], [2, 1], [1, 1]]);
    expect(pixel(levels[1], 1, 0)).toEqual([2.5, 0, 2.5, 1]);
    expect(pixel(levels[3], 0, 0)).toEqual([3.5, 0, 3.5, 1]);
    const column = halve(ramp(1, 6));
    expect([column.width, column.height]).toEqual([1, 3]);
    expect(pixel(column, 0, 2)).toEqual([0, 4.5, 45, 1]);
    for (const l of [...levels, column]) expect(l.data.every(Number.isFinite)).toBe(true);
  });
});
