// Where a painting's error lies, by scale: the squared error against the target split into bands of
// spatial period (the error image's Fourier power by radial frequency), beside the target's own power
// in each band. A band whose error is as large as the target's power there is one the painting does not
// follow at all; the sum of the bands is the MSE that PSNR is taken from. docs/painter.md ("Where the
// error lies") uses it to show what bounds a lead on a textured photograph.
//
//   node scripts/error-bands.mjs TARGET.png PAINTING.png [PAINTING.png ...]     (after npm run build)
//
// All PNGs at the same size: the target at the working size (primitive-compare.mjs leaves it in its
// --work folder as target.png), a painting rendered at that size (`npx fude render strokes.json --size
// 256 --out painting-256.png`), primitive's output (primitive-500.png there).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodePNG } from '../dist/node/index.js';

const BANDS = [[16, Infinity], [8, 16], [4, 8], [0, 4]]; // periods in px, [shortest, longest); the first also takes the mean (period ∞)
const files = process.argv.slice(2);
if (files.length < 2) {
  console.error('usage: node scripts/error-bands.mjs TARGET.png PAINTING.png [PAINTING.png ...]');
  process.exit(1);
}

/** One channel of an RGBA image as floats, less the same channel of `minus` if given. */
const channel = (img, c, minus) => Float64Array.from({ length: img.width * img.height }, (_, i) => img.data[i * 4 + c] - (minus ? minus.data[i * 4 + c] : 0));

/** |DFT|² of a real w×h image, by rows then columns (any size: a direct DFT along each axis). */
function power(re0, w, h) {
  const dft = (n) => ({ cos: Float64Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n)), sin: Float64Array.from({ length: n }, (_, k) => Math.sin((2 * Math.PI * k) / n)) });
  const tw = dft(w), th = dft(h);
  const re1 = new Float64Array(w * h), im1 = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let u = 0; u < w; u++) {
      let sr = 0, si = 0;
      for (let x = 0, k = 0; x < w; x++, k = (k + u) % w) { const v = re0[y * w + x]; sr += v * tw.cos[k]; si -= v * tw.sin[k]; }
      re1[y * w + u] = sr; im1[y * w + u] = si;
    }
  }
  const out = new Float64Array(w * h);
  for (let u = 0; u < w; u++) {
    for (let v = 0; v < h; v++) {
      let sr = 0, si = 0;
      for (let y = 0, k = 0; y < h; y++, k = (k + v) % h) {
        const a = re1[y * w + u], b = im1[y * w + u], c = th.cos[k], s = th.sin[k];
        sr += a * c + b * s; si += b * c - a * s;
      }
      out[v * w + u] = sr * sr + si * si;
    }
  }
  return out;
}

/** Mean squared error per band (Parseval: the bands add up to the MSE over the three channels). */
function bands(img, minus, mean) {
  const { width: w, height: h } = img;
  const sums = BANDS.map(() => 0);
  for (let c = 0; c < 3; c++) {
    const values = channel(img, c, minus);
    if (mean) { const m = values.reduce((a, b) => a + b, 0) / values.length; values.forEach((v, i) => { values[i] = v - m; }); }
    const p = power(values, w, h);
    for (let v = 0; v < h; v++) {
      for (let u = 0; u < w; u++) {
        const fx = (u <= w / 2 ? u : u - w) / w, fy = (v <= h / 2 ? v : v - h) / h;
        const f = Math.hypot(fx, fy), period = f > 0 ? 1 / f : Infinity;
        sums[BANDS.findIndex(([lo]) => period >= lo)] += p[v * w + u]; // the bands run from the longest periods down
      }
    }
  }
  return sums.map((s) => s / (w * h) / (w * h * 3));
}

const [targetFile, ...paintings] = files;
const target = decodePNG(readFileSync(targetFile));
const label = (b) => (b[1] === Infinity ? `over ${b[0]} px` : b[0] === 0 ? `under ${b[1]} px` : `${b[0]}-${b[1]} px`);
const fixed = (x) => +x.toFixed(1);
const own = bands(target, null, true);
console.log(JSON.stringify({ image: basename(targetFile), targetPower: Object.fromEntries(BANDS.map((b, i) => [label(b), fixed(own[i])])) }));
for (const file of paintings) {
  const painting = decodePNG(readFileSync(file));
  if (painting.width !== target.width || painting.height !== target.height) {
    console.error(`${file} is ${painting.width}x${painting.height}, the target ${target.width}x${target.height}: render it at the target's size`);
    process.exit(1);
  }
  const error = bands(target, painting, false);
  const mse = error.reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ painting: file, psnr: +(10 * Math.log10((255 * 255) / mse)).toFixed(2), mse: fixed(mse), error: Object.fromEntries(BANDS.map((b, i) => [label(b), fixed(error[i])])) }));
}
