// An estimate of fogleman/primitive's PSNR on a photograph that src/bench/primitive.ts has no figures
// for: its algorithm for rotated rectangles ported from its Go source (mode 5, alpha 128, the mean
// colour as background; per shape 16 restarts of 1000 random candidates, each hill-climbed until 100
// mutations in a row fail, the colour of each candidate solved for; its rasterizer, corners truncated
// to pixels), on fude's own target (256 px on the longer side, as fude's PSNR is measured).
//
//   node scripts/primitive-port.mjs [--shapes 500] IMAGE...      (after npm run build)
//
// prints, per image, the PSNR after 50, 125, 250 and all the shapes, of its internal canvas (`scan`)
// and of the shapes drawn as primitive's output draws them (`drawn`: exact areas, centred on pixel
// corners). Against primitive's own figures (src/bench/primitive.ts) the drawn PSNR runs high by a
// steady amount: at 500 shapes 1.1-1.4 dB (aloe 24.78 against 23.63, graffiti 20.00 against 18.58,
// chelsea 28.88 against 27.77 dB; 2026-12-04), at 50 shapes 0.5-0.7 dB. Take primitive's PSNR to be
// about that much under it (docs/painter.md, "Photographs nobody tuned for"). One thread, 2-3 minutes
// an image at 500 shapes. primitive itself, given fude's target, scores 0.4-1.3 dB above those figures
// of its own, so this estimate runs low on it: where primitive can be built, scripts/primitive-compare.mjs
// measures it instead.
import { openSession, paint } from '../dist/node/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--shapes');
const shapes = at >= 0 ? Number(args.splice(at, 2)[1]) : 500;
if (!Number.isInteger(shapes) || shapes < 1 || !args.length) {
  console.error('usage: node scripts/primitive-port.mjs [--shapes N] IMAGE...');
  process.exit(1);
}
const ALPHA = 128 / 255;
const CHECKPOINTS = [50, 125, 250, shapes];

// a fixed seed, so that a run can be repeated
let seed = 12345;
const random = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };
const randomInt = (n) => Math.floor(random() * n);
const normal = () => { let u = 0; while (u === 0) u = random(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()); };

const session = await openSession();
try {
  for (const file of args) {
    // fude's target at the working size: a painting of one stroke and no steps returns it
    const { target } = await paint(file, { strokes: 1, stages: 1, stageSteps: 0, refineSteps: 0, session });
    const started = performance.now();
    console.log(file, `${target.width}x${target.height}`, JSON.stringify(estimate(target)), `${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  await session.close();
}

function estimate({ width: W, height: H, data }) {
  const N = W * H;
  const t = new Float64Array(N * 3);
  for (let i = 0; i < N; i++) for (let c = 0; c < 3; c++) t[i * 3 + c] = data[i * 4 + c];
  const background = [0, 1, 2].map((c) => { let s = 0; for (let i = 0; i < N; i++) s += data[i * 4 + c]; return Math.round(s / N); });
  // an RGB canvas of the flat background, and its PSNR against the target
  const blank = () => { const out = new Float64Array(N * 3); for (let i = 0; i < N * 3; i++) out[i] = background[i % 3]; return out; };
  const psnrOf = (img) => { let sse = 0; for (let i = 0; i < N * 3; i++) sse += (t[i] - img[i]) ** 2; return +(10 * Math.log10((255 * 255) / (sse / (N * 3)))).toFixed(2); };
  const canvas = blank();

  // primitive's rasterizer (rectangle.go): the rotated corners truncated to pixels, each edge sampled
  // twice a pixel, every row filled between its extremes
  const lines = new Int32Array(3 * 4096);
  let lineCount = 0;
  const rasterize = (s) => {
    const a = (s.angle * Math.PI) / 180, ca = Math.cos(a), sa = Math.sin(a), hx = s.sx / 2, hy = s.sy / 2;
    const xs = [], ys = [];
    for (const [u, v] of [[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy], [-hx, -hy]]) { xs.push(Math.trunc(u * ca - v * sa) + s.x); ys.push(Math.trunc(u * sa + v * ca) + s.y); }
    const minY = Math.min(...ys), rows = Math.max(...ys) - minY + 1;
    const lo = new Int32Array(rows).fill(W), hi = new Int32Array(rows).fill(-1);
    for (let k = 0; k < 4; k++) {
      const dx = xs[k + 1] - xs[k], dy = ys[k + 1] - ys[k], count = Math.trunc(Math.hypot(dx, dy)) * 2;
      for (let j = 0; j < count; j++) {
        const f = count > 1 ? j / (count - 1) : 0, x = Math.trunc(xs[k] + dx * f), r = Math.trunc(ys[k] + dy * f) - minY;
        lo[r] = Math.min(lo[r], x); hi[r] = Math.max(hi[r], x);
      }
    }
    lineCount = 0;
    for (let r = 0; r < rows && lineCount < 4096; r++) {
      const y = minY + r, x0 = Math.max(lo[r], 0), x1 = Math.min(hi[r], W - 1);
      if (y >= 0 && y < H && x1 >= x0) { lines.set([y, x0, x1], lineCount * 3); lineCount++; }
    }
  };
  // the change in squared error from drawing shape s in its best colour (left in `colour`)
  const colour = [0, 0, 0];
  const energy = (s) => {
    rasterize(s);
    const sum = [0, 0, 0];
    let count = 0;
    forEachPixel((i) => { for (let c = 0; c < 3; c++) sum[c] += (t[i + c] - canvas[i + c]) / ALPHA + canvas[i + c]; count++; });
    if (!count) return 0;
    for (let c = 0; c < 3; c++) colour[c] = Math.min(255, Math.max(0, Math.round(sum[c] / count)));
    let delta = 0;
    forEachPixel((i) => {
      for (let c = 0; c < 3; c++) {
        const before = t[i + c] - canvas[i + c], after = t[i + c] - (canvas[i + c] + (colour[c] - canvas[i + c]) * ALPHA);
        delta += after * after - before * before;
      }
    });
    return delta;
  };
  function forEachPixel(f) {
    for (let l = 0; l < lineCount; l++) {
      const y = lines[l * 3];
      for (let x = lines[l * 3 + 1]; x <= lines[l * 3 + 2]; x++) f((y * W + x) * 3);
    }
  }
  // primitive's mutation (its validity loop is commented out there) and random shapes
  const mutate = (s) => {
    const m = { ...s };
    switch (randomInt(3)) {
      case 0: m.x = clamp(m.x + Math.trunc(normal() * 16), 0, W - 1); m.y = clamp(m.y + Math.trunc(normal() * 16), 0, H - 1); break;
      case 1: m.sx = clamp(m.sx + Math.trunc(normal() * 16), 1, W - 1); m.sy = clamp(m.sy + Math.trunc(normal() * 16), 1, H - 1); break;
      default: m.angle += Math.trunc(normal() * 32);
    }
    return m;
  };
  const randomShape = () => mutate({ x: randomInt(W), y: randomInt(H), sx: randomInt(32) + 1, sy: randomInt(32) + 1, angle: randomInt(360) });

  const drawn = [], result = {};
  for (let k = 1; k <= shapes; k++) {
    let best = null, bestEnergy = Infinity;
    for (let restart = 0; restart < 16; restart++) {
      let s = null, e = Infinity;
      for (let i = 0; i < 1000; i++) { const c = randomShape(), ce = energy(c); if (ce < e) { e = ce; s = c; } }
      for (let age = 0; age < 100;) { const m = mutate(s), me = energy(m); if (me < e) { e = me; s = m; age = 0; } else age++; }
      if (e < bestEnergy) { bestEnergy = e; best = s; }
    }
    energy(best);
    drawn.push([best, [...colour]]);
    forEachPixel((i) => { for (let c = 0; c < 3; c++) canvas[i + c] = Math.round(canvas[i + c] + (colour[c] - canvas[i + c]) * ALPHA); });
    if (CHECKPOINTS.includes(k)) {
      result[k] = { scan: psnrOf(canvas), drawn: drawnPsnr(drawn) };
    }
  }
  return result;

  // the shapes as primitive's output draws them (gg): the exact rectangle about (x, y), a pixel's
  // coverage from 4 x 4 samples
  function drawnPsnr(list) {
    const out = blank();
    for (const [s, col] of list) {
      const a = (s.angle * Math.PI) / 180, ca = Math.cos(a), sa = Math.sin(a), hx = s.sx / 2, hy = s.sy / 2, r = Math.hypot(hx, hy);
      for (let y = Math.max(0, Math.floor(s.y - r)); y <= Math.min(H - 1, Math.ceil(s.y + r)); y++) {
        for (let x = Math.max(0, Math.floor(s.x - r)); x <= Math.min(W - 1, Math.ceil(s.x + r)); x++) {
          let covered = 0;
          for (let j = 0; j < 16; j++) {
            const px = x + ((j & 3) + 0.5) / 4 - s.x, py = y + ((j >> 2) + 0.5) / 4 - s.y;
            if (Math.abs(px * ca + py * sa) <= hx && Math.abs(-px * sa + py * ca) <= hy) covered++;
          }
          if (!covered) continue;
          const f = (ALPHA * covered) / 16, i = (y * W + x) * 3;
          for (let c = 0; c < 3; c++) out[i + c] = Math.round(out[i + c] + (col[c] - out[i + c]) * f);
        }
      }
    }
    return psnrOf(out);
  }
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}
