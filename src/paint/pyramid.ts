// The target (and a starting canvas) at halved resolutions, for stages that paint large strokes:
// a stroke 100 px long at the working size is as well placed on a canvas a quarter as wide.
import type { FloatImage } from './image.js';

/** The image at half resolution (2x2 box average; an odd last row or column is dropped). */
export function halve(img: FloatImage): FloatImage {
  const w = Math.max(1, Math.floor(img.width / 2)), h = Math.max(1, Math.floor(img.height / 2));
  const out = new Float32Array(w * h * 4), src = img.data, row = img.width * 4;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < 4; k++) {
    const p = (2 * y * img.width + 2 * x) * 4 + k; // top-left of the 2x2 block
    out[(y * w + x) * 4 + k] = 0.25 * (src[p] + src[p + 4] + src[p + row] + src[p + row + 4]);
  }
  return { width: w, height: h, data: out };
}

/** Levels 0 (the image itself) to `levels - 1`, each half the one before. */
export function pyramid(img: FloatImage, levels: number): FloatImage[] {
  const out = [img];
  while (out.length < levels) out.push(halve(out[out.length - 1]));
  return out;
}
