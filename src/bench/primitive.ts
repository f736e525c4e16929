// fogleman/primitive's figures on the benchmark images (rotated rectangles, 2 worker threads, longer
// side 256 px, PSNR over RGB against the same resized target), measured on a 2-core machine of the
// same kind as the bench's. primitive is greedy, so its first k shapes are its k-shape result: the
// reference for the first k strokes of a painting.

/** Final PSNR (dB) and seconds with 200, 500 and 1000 shapes. */
export const PRIMITIVE_FINAL: Record<string, Record<number, { psnr: number; seconds: number }>> = {
  'astronaut.png': { 200: { psnr: 20.11, seconds: 14.3 }, 500: { psnr: 21.92, seconds: 37.3 }, 1000: { psnr: 23.47, seconds: 65.3 } },
  'chelsea.png': { 200: { psnr: 26.15, seconds: 13.1 }, 500: { psnr: 27.77, seconds: 28.0 }, 1000: { psnr: 28.9, seconds: 61.3 } },
  'coffee.png': { 200: { psnr: 23.72, seconds: 15.7 }, 500: { psnr: 25.03, seconds: 42.4 }, 1000: { psnr: 26.28, seconds: 62.2 } },
  'rocket.jpg': { 200: { psnr: 28.87, seconds: 15.9 }, 500: { psnr: 30.19, seconds: 30.8 }, 1000: { psnr: 31.53, seconds: 89.4 } },
  'graffiti.jpg': { 200: { psnr: 16.99, seconds: 13.1 }, 500: { psnr: 18.58, seconds: 29.7 }, 1000: { psnr: 19.85, seconds: 63.7 } },
  'aloe.jpg': { 200: { psnr: 22.66, seconds: 13.7 }, 500: { psnr: 23.63, seconds: 28.8 }, 1000: { psnr: 24.26, seconds: 57.5 } },
  'building.jpg': { 200: { psnr: 17.75, seconds: 13.2 }, 500: { psnr: 19.09, seconds: 33.5 }, 1000: { psnr: 20.22, seconds: 60.5 } },
  'leuven.jpg': { 200: { psnr: 25.08, seconds: 13.8 }, 500: { psnr: 26.53, seconds: 31.0 }, 1000: { psnr: 27.58, seconds: 57.0 } },
};

/** PSNR (dB) with k shapes, k = 10, 50, 125, 250: 10%, 25%, 50% of a 500-stroke painting and 10/50/125/250 of it. */
export const PRIMITIVE_PREFIX: Record<string, Record<number, number>> = {
  'astronaut.png': { 10: 13.64, 50: 16.85, 125: 18.95, 250: 20.63 },
  'chelsea.png': { 10: 20.31, 50: 23.04, 125: 25.12, 250: 26.58 },
  'coffee.png': { 10: 17.25, 50: 20.91, 125: 22.86, 250: 24.3 },
  'rocket.jpg': { 10: 23.25, 50: 26.47, 125: 28.15, 250: 29.0 },
  'graffiti.jpg': { 10: 13.49, 50: 15.01, 125: 16.38, 250: 17.45 },
  'aloe.jpg': { 10: 19.52, 50: 21.31, 125: 22.14, 250: 22.88 },
  'building.jpg': { 10: 13.69, 50: 15.46, 125: 17.03, 250: 18.14 },
  'leuven.jpg': { 10: 19.5, 50: 22.87, 125: 24.43, 250: 25.53 },
};

/** primitive's PSNR with k shapes, where known (its k-shape result, or a prefix figure). */
export function primitivePsnr(image: string, k: number): number | undefined {
  return PRIMITIVE_PREFIX[image]?.[k] ?? PRIMITIVE_FINAL[image]?.[k]?.psnr;
}
