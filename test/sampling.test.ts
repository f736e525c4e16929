// Where new and relocated strokes go: pixels drawn in proportion to a weight map, stratified along a
// Hilbert curve (src/paint/sampling.ts).
import { describe, expect, it } from 'vitest';
import { boxBlur, mulberry32, type FloatImage } from '../src/paint/image.js';
import { hilbertOrder, sampleIndices } from '../src/paint/sampling.js';
import { snapToPeaks } from '../src/paint/sites.js';

describe('hilbertOrder', () => {
  it('visits every pixel once, each step to a neighbour on a power-of-two square', () => {
    const order = hilbertOrder(16, 16);
    expect(new Set(order).size).toBe(256);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1], order[i]];
      expect(Math.abs((a % 16) - (b % 16)) + Math.abs(Math.floor(a / 16) - Math.floor(b / 16))).toBe(1);
    }
  });

  it('covers a picture of any shape, each pixel once', () => {
    for (const [w, h] of [[256, 222], [7, 300], [1, 1], [33, 2]]) {
      const order = hilbertOrder(w, h);
      expect(order.length).toBe(w * h);
      expect(new Set(order).size).toBe(w * h);
      expect(Math.min(...order)).toBe(0);
      expect(Math.max(...order)).toBe(w * h - 1);
    }
  });
});

describe('sampleIndices', () => {
  it('spreads draws over uniform weights: one in each of 16 blocks of a 64 x 64 map', () => {
    const picks = sampleIndices(new Float32Array(64 * 64).fill(1), 64, 16, mulberry32(3));
    const blocks = new Set(picks.map((i) => `${Math.floor((i % 64) / 16)},${Math.floor(i / 64 / 16)}`));
    expect(blocks.size).toBe(16);
  });

  it('gives each region as many draws as its weight holds, give or take one', () => {
    // the left half weighs 3, the right 1: 100 draws split 75 / 25 (independent draws spread by +-4)
    const w = new Float32Array(32 * 32);
    for (let i = 0; i < w.length; i++) w[i] = i % 32 < 16 ? 3 : 1;
    for (const seed of [1, 2, 3]) {
      const left = sampleIndices(w, 32, 100, mulberry32(seed)).filter((i) => i % 32 < 16).length;
      expect(Math.abs(left - 75)).toBeLessThanOrEqual(1);
    }
  });

  it('never draws a pixel of zero weight, and the same seed draws the same pixels', () => {
    const w = new Float32Array(40 * 30);
    w[5 * 40 + 7] = 1; w[20 * 40 + 33] = 2;
    const picks = sampleIndices(w, 40, 9, mulberry32(5));
    expect(new Set(picks)).toEqual(new Set([5 * 40 + 7, 20 * 40 + 33]));
    expect(picks.filter((i) => i === 20 * 40 + 33).length).toBe(6);
    expect(sampleIndices(w, 40, 9, mulberry32(5))).toEqual(picks);
  });
});

describe('snapToPeaks', () => {
  // a flat grey canvas over a target with two red dots of radius 2 px (the paint's disc at a 13 px stroke)
  const W = 48, H = 32, dots = [[12, 10], [34, 20]];
  const target: FloatImage = { width: W, height: H, data: new Float32Array(W * H * 4) };
  const canvas = new Float32Array(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = (y * W + x) * 4, dot = dots.some(([dx, dy]) => (x - dx) ** 2 + (y - dy) ** 2 <= 4);
    target.data.set(dot ? [0.9, 0.1, 0.1, 1] : [0.5, 0.5, 0.5, 1], i);
    canvas.set([0.5, 0.5, 0.5, 1], i);
  }
  const at = (x: number, y: number) => y * W + x;

  it('moves each site within reach onto the dot a stroke there could paint', () => {
    expect(snapToPeaks(target, canvas, [at(15, 12), at(30, 17)], 13)).toEqual([at(12, 10), at(34, 20)]);
  });

  it('leaves a site with no dot within reach where it is, and gives a dot to one site only', () => {
    const [first, second, far] = snapToPeaks(target, canvas, [at(10, 9), at(13, 11), at(44, 4)], 13);
    expect(first).toBe(at(12, 10));
    expect(second).not.toBe(at(12, 10));
    expect(far).toBe(at(44, 4));
  });
});

describe('boxBlur', () => {
  it('is the mean over the part of the (2r+1)-square box inside the map, at any radius', () => {
    const random = mulberry32(9);
    for (const [w, h, r] of [[17, 11, 1], [17, 11, 4], [9, 23, 30], [1, 5, 2], [40, 3, 0]]) {
      const src = Float32Array.from({ length: w * h }, () => random());
      const out = boxBlur(src, w, h, r);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        let sum = 0, n = 0;
        for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) { sum += src[yy * w + xx]; n++; }
        expect(out[y * w + x]).toBeCloseTo(sum / n, 5);
      }
    }
  });
});
