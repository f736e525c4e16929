// The painter: coarse-to-fine stages of error-sampled strokes, each optimized over the frozen canvas of
// the stages before it, then a joint refinement of the whole stroke list over the flat background.
import { createEngine, type Engine } from '../render/engine.js';
import { FudeError } from '../errors.js';
import { packStrokes, unpackStrokes, type Stroke } from '../strokes/stroke.js';
import type { StrokeType } from '../strokes/layout.js';
import { boxBlur, errorMap, meanColour, psnr, sampleIndices, seededRandom, toFloatImage, type ByteImage, type FloatImage } from './image.js';
import { parseBackground, resolveOptions, type PaintOptions } from './options.js';
import { initStroke, type Site } from './init.js';

export interface PaintProgress {
  phase: 'stage' | 'refine' | 'done';
  /** Strokes placed so far (all of them during refinement). */
  strokes: number;
  total: number;
  step: number;
  totalSteps: number;
  loss: number;
  psnr: number;
  elapsedMs: number;
  /** Estimated time left. */
  etaMs: number;
}

export interface Painting {
  width: number;
  height: number;
  background: [number, number, number];
  strokes: Stroke[];
  /** PSNR of the strokes re-rendered over the background against the target, dB. */
  psnr: number;
  seconds: number;
  /** True when the run was stopped early; the strokes are those painted so far. */
  aborted: boolean;
  options: PaintOptions;
}

export interface PaintControl {
  onProgress?: (p: PaintProgress) => void;
  /** Called after steps with the engine, e.g. to display its canvas. */
  onFrame?: (engine: Engine) => void;
  signal?: AbortSignal;
  /** Strokes already painted (continue a painting): they stay first and join the refinement. */
  initial?: Stroke[];
}

/** Paints `target` (already at the working resolution) with strokes; see PaintOptions. */
export async function paint(gl: WebGL2RenderingContext, targetImage: ByteImage | FloatImage, partial: Partial<PaintOptions> = {}, control: PaintControl = {}): Promise<Painting> {
  const options = resolveOptions(partial);
  const target = targetImage.data instanceof Float32Array ? (targetImage as FloatImage) : toFloatImage(targetImage as ByteImage);
  const { width: W, height: H } = target;
  if (W < 2 || H < 2) throw new FudeError('bad-input', `the image is ${W}x${H} pixels: fude needs at least 2x2`);
  const background = parseBackground(options.background, meanColour(target));
  const types = options.type as StrokeType[];
  const random = seededRandom(options.seed);
  const t0 = performance.now();
  const totalSteps = options.stages * options.stageSteps + options.refineSteps;
  let stepsDone = 0;
  let lastYield = t0;
  let lastLoss = NaN;

  const engine = createEngine(gl, { width: W, height: H, capacity: 64, settings: { loss: options.loss } });
  const strokes: Stroke[] = [...(control.initial ?? [])];
  const bounds = { sizeMin: options.minSize, sizeMax: options.maxSize, alphaMin: options.opaque ? 1 : 0.1, alphaMax: 1, overscan: 0.05 };
  const baseLr = { position: 0.003, size: 0.003, angle: 0.03, colour: 0.01, opacity: options.opaque ? 0 : 0.01, ...options.lr };
  engine.configure({ bounds, lr: baseLr });
  engine.setTarget(target.data);
  engine.setBase(background);
  const aborted = () => control.signal?.aborted === true;

  const report = async (phase: PaintProgress['phase'], force = false): Promise<void> => {
    const now = performance.now();
    if (!force && now - lastYield < 100) return;
    engine.forward();
    engine.computeLoss();
    lastLoss = engine.readLoss();
    const elapsedMs = now - t0;
    const etaMs = stepsDone > 0 ? (elapsedMs / stepsDone) * (totalSteps - stepsDone) : 0;
    control.onFrame?.(engine);
    control.onProgress?.({ phase, strokes: phase === 'stage' ? strokes.length + engine.count : strokes.length, total: options.strokes + (control.initial?.length ?? 0),
      step: stepsDone, totalSteps, loss: lastLoss, psnr: -10 * Math.log10(Math.max(lastLoss, 1e-12)), elapsedMs, etaMs });
    // a macrotask, so the page can repaint and an abort (or a DevTools-protocol call) can arrive
    await new Promise<void>((r) => setTimeout(r, 0));
    lastYield = performance.now();
  };

  try {
    if (strokes.length) { // continue: earlier strokes form the frozen canvas
      engine.setStrokes(packStrokes(strokes));
      engine.forward();
      engine.freezeCanvas();
    }
    // Coarse-to-fine stages.
    const sizeStart = Math.min(options.maxSize, 0.4);
    const sizeEnd = Math.max(options.minSize, Math.min(sizeStart, 1.6 / Math.sqrt(options.strokes)));
    let placed = 0;
    for (let k = 0; k < options.stages && !aborted(); k++) {
      const batch = Math.round(((k + 1) * options.strokes) / options.stages) - placed;
      if (batch <= 0) continue;
      const size = sizeStart * Math.pow(sizeEnd / sizeStart, options.stages > 1 ? k / (options.stages - 1) : 1);
      engine.setStrokes(new Float32Array(0));
      engine.forward();
      const canvas = engine.readCanvas();
      const sites = sampleSites(target, canvas, batch, size, random);
      const fresh = sites.map((site, n) => initStroke(types[(placed + n) % types.length], site, size, target, options, random));
      engine.setStrokes(packStrokes(fresh));
      for (let s = 0; s < options.stageSteps && !aborted(); s++) {
        engine.configure({ sigma: 1 + 1.5 * (1 - s / options.stageSteps) }); // edges soft early, 1 px at the end
        engine.step();
        stepsDone++;
        await report('stage');
      }
      engine.configure({ sigma: 1 });
      engine.forward();
      strokes.push(...unpackStrokes(engine.readStrokes()));
      engine.freezeCanvas();
      placed += batch;
      if (stepsDone === 0) await report('stage', true);
    }
    stepsDone = options.stages * options.stageSteps;
    // Joint refinement of every stroke over the flat background.
    if (!aborted() && options.refineSteps > 0 && strokes.length > 0) {
      engine.setBase(background);
      engine.configure({ sigma: 1, lr: scaleLr(baseLr, 0.5) });
      engine.setStrokes(packStrokes(strokes));
      let refined = strokes;
      for (let s = 0; s < options.refineSteps && !aborted(); s++) {
        engine.step();
        stepsDone++;
        await report('refine');
      }
      refined = unpackStrokes(engine.readStrokes());
      strokes.splice(0, strokes.length, ...refined);
    }
    // The painting is exactly the strokes over the background: render them once more and measure.
    engine.setBase(background);
    engine.configure({ sigma: 1 });
    engine.setStrokes(packStrokes(strokes));
    engine.forward();
    const final = engine.readCanvas();
    control.onFrame?.(engine);
    const result: Painting = { width: W, height: H, background, strokes, psnr: psnr(final, target.data), seconds: (performance.now() - t0) / 1000, aborted: aborted(), options };
    control.onProgress?.({ phase: 'done', strokes: strokes.length, total: strokes.length, step: stepsDone, totalSteps, loss: lastLoss, psnr: result.psnr, elapsedMs: performance.now() - t0, etaMs: 0 });
    return result;
  } finally {
    engine.dispose();
  }
}

function scaleLr<T extends Record<string, number>>(lr: T, f: number): T {
  return Object.fromEntries(Object.entries(lr).map(([k, v]) => [k, v * f])) as T;
}

/** Where the next strokes go: sampled from the blurred error map squared (SNP samples error^4; squared spreads better). */
function sampleSites(target: FloatImage, canvas: Float32Array, count: number, size: number, random: () => number): Site[] {
  const { width: W, height: H } = target;
  const radius = Math.max(1, Math.round((size * Math.max(W, H)) / 6));
  const err = boxBlur(errorMap(target.data, canvas, W, H), W, H, radius);
  for (let i = 0; i < err.length; i++) err[i] = err[i] * err[i] + 1e-9;
  return sampleIndices(err, count, random).map((i) => ({ x: ((i % W) + random()) / W, y: (Math.floor(i / W) + random()) / H }));
}
