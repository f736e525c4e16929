// Times one optimization step split into forward, loss, backward and Adam, beside a trivial full-screen
// pass of the same size, in whatever browser runs it (the page, or headless Chromium for `npm run bench`).
import { createEngine } from '../render/engine.js';
import { createPass, createTarget, rendererName, runPass } from '../render/gl.js';
import { HEADER } from '../shaders/common.glsl.js';
import { packStrokes, type Stroke } from '../strokes/stroke.js';
import { STROKE_TYPES, type StrokeType } from '../strokes/layout.js';
import type { EngineCase } from './registry.js';
import { median } from './stats.js';

export interface EngineRecord {
  name: string;
  strokes: number;
  size: number;
  types: string;
  forwardMs: number;
  lossMs: number;
  backwardMs: number;
  adamMs: number;
  /** A whole step (forward + loss + backward + Adam) with one sync at its end. */
  totalMs: number;
  trivialPassMs: number;
  /** totalMs / trivialPassMs: comparable across machines. */
  ratio: number;
  renderer: string;
}

const TRIVIAL_FS = /* glsl */ `${HEADER}
out vec4 o;
void main() { o = vec4(gl_FragCoord.xy, 0.0, 1.0); }
`;

/** Deterministic mixed strokes whose sizes shrink with their number, so every case covers the canvas a few times over. */
export function benchStrokes(n: number, types: readonly StrokeType[] = STROKE_TYPES, seed = 1, bristles = 0): Stroke[] {
  let a = seed >>> 0;
  const r = () => { a = (a * 1664525 + 1013904223) >>> 0; return a / 4294967296; };
  const s = Math.min(0.5, Math.sqrt(3 / n));
  return Array.from({ length: n }, (_, i): Stroke => {
    const type = types[i % types.length];
    const cx = r(), cy = r(), len = s * (0.6 + 0.8 * r()), wid = len * (0.3 + 0.4 * r()), angle = 3.14 * r();
    const c = (): [number, number, number] => [r(), r(), r()];
    if (type === 'brush') {
      // the same footprint as a rect of this len x wid: the round caps lie within len
      const chord = Math.max(0, len - wid), dx = Math.cos(angle) * chord / 2, dy = Math.sin(angle) * chord / 2;
      return { type, x0: cx - dx, y0: cy - dy, x1: cx + 0.2 * dy, y1: cy - 0.2 * dx, x2: cx + dx, y2: cy + dy, r0: wid / 2, r2: wid / 3, c0: c(), c2: c(), alpha: 0.8, ...(bristles ? { bristles } : {}) };
    }
    if (type === 'oil') return { type, cx, cy, len, wid, angle, seed: r(), c0: c(), c2: c(), alpha: 0.8 };
    return { type, cx, cy, w: len, h: wid, angle, c: c(), alpha: 0.8 };
  });
}

function syntheticTarget(size: number): Float32Array {
  const out = new Float32Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const o = (y * size + x) * 4, u = x / size, v = y / size;
    out.set([0.5 + 0.4 * Math.sin(6 * u + 2 * v), 0.5 + 0.4 * Math.cos(5 * v - 3 * u), 0.5 + 0.4 * Math.sin(9 * u * v), 1], o);
  }
  return out;
}


export function runEngineCase(gl: WebGL2RenderingContext, c: EngineCase, repeats = 7): EngineRecord {
  const engine = createEngine(gl, { width: c.size, height: c.size, capacity: c.strokes, settings: { sigma: 1 } });
  const trivial = createPass(gl, TRIVIAL_FS, 'trivial');
  const scratch = createTarget(gl, c.size, c.size);
  try {
    engine.setBase([1, 1, 1]);
    engine.setTarget(syntheticTarget(c.size));
    // Every timed step starts from the same strokes: left to the optimizer, the bench's brushes swell to
    // 2.6x their area over its 16 steps and its rects to 1.5x (Adam on a smooth target over a white
    // base), so later steps timed bigger strokes, and the two types different ones.
    const packed = packStrokes(benchStrokes(c.strokes, c.types, 1, c.bristles));
    const reset = () => { engine.setStrokes(packed); engine.sync(); gl.finish(); };
    const k = c.prefixes ?? 0;
    if (k > 0) engine.configure({ prefixes: Array.from({ length: k }, (_, j) => ({ end: Math.round(((j + 1) * c.strokes) / (k + 1)), weight: 0.05 })) });
    const time = (f: () => void) => { const t0 = performance.now(); f(); engine.sync(); gl.finish(); return performance.now() - t0; };
    for (let i = 0; i < 2; i++) { reset(); time(() => engine.step()); } // warm-up: compile, allocate
    const phases = { forwardMs: [] as number[], lossMs: [] as number[], backwardMs: [] as number[], adamMs: [] as number[], totalMs: [] as number[], trivialPassMs: [] as number[] };
    for (let i = 0; i < repeats; i++) {
      reset();
      phases.forwardMs.push(time(() => engine.forward()));
      phases.lossMs.push(time(() => engine.computeLoss()));
      phases.backwardMs.push(time(() => engine.backward()));
      phases.adamMs.push(time(() => engine.adamStep()));
      reset();
      phases.totalMs.push(time(() => engine.step()));
      phases.trivialPassMs.push(time(() => runPass(gl, trivial, scratch, {})));
    }
    const rec = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(median(v) * 100) / 100])) as Record<keyof typeof phases, number>;
    return { name: c.name, strokes: c.strokes, size: c.size, types: c.types.join('+'), ...rec, ratio: Math.round((rec.totalMs / rec.trivialPassMs) * 10) / 10, renderer: rendererName(gl) };
  } finally {
    engine.dispose();
    scratch.dispose();
    gl.deleteProgram(trivial.program);
  }
}
