// The target (and a starting canvas) at halved resolutions, for stages that paint large strokes:
// a stroke 100 px long at the working size is as well placed on a canvas a quarter as wide.
import type { FloatImage } from './image.js';

/**
 * The image at half resolution (2x2 box average; an odd last row or column is dropped). A side of one
 * pixel stays one pixel (a 9000 x 40 photograph painted at 256 px is 256 x 2, its coarser levels one row
 * high): its "block" is that row or column twice, never the memory past it.
 */
export function halve(img: FloatImage): FloatImage {
  const W = img.width, H = img.height;
  const w = Math.max(1, Math.floor(W / 2)), h = Math.max(1, Math.floor(H / 2));
  const out = new Float32Array(w * h * 4), src = img.data;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * W, r1 = Math.min(2 * y + 1, H - 1) * W;
    for (let x = 0; x < w; x++) {
      const c0 = 2 * x, c1 = Math.min(2 * x + 1, W - 1);
      for (let k = 0; k < 4; k++) {
        out[(y * w + x) * 4 + k] = 0.25 * (src[(r0 + c0) * 4 + k] + src[(r0 + c1) * 4 + k] + src[(r1 + c0) * 4 + k] + src[(r1 + c1) * 4 + k]);
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Levels 0 (the image itself) to `levels - 1`, each half the one before. */
export function pyramid(img: FloatImage, levels: number): FloatImage[] {
  const out = [img];
  while (out.length < levels) out.push(halve(out[out.length - 1]));
  return out;
}
