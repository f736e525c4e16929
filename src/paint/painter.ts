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
  /** True when the strokes were painted over a starting canvas image rather than the flat background. */
  overCanvas: boolean;
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
  /**
   * Paint the rest of a half-done picture: this image (same size as the target) is the canvas under the
   * strokes instead of the flat background (ProcessPainter's semi-to-complete).
   */
  canvas?: ByteImage | FloatImage;
  /**
   * How often progress is reported, in ms of painting (default 250). Each report waits for the GPU, so
   * headless jobs that only print a progress bar use 1000 (measured: 0.5 s less on a 19 s painting).
   */
  progressEveryMs?: number;
  /** Awaited between steps: a pause button returns a promise that resolves on resume. */
  gate?: () => Promise<void> | void;
}

/** Paints `target` (already at the working resolution) with strokes; see PaintOptions. */
export async function paint(gl: WebGL2RenderingContext, targetImage: ByteImage | FloatImage, partial: Partial<PaintOptions> = {}, control: PaintControl = {}): Promise<Painting> {
  const options = resolveOptions(partial);
  const target = asFloat(targetImage);
  const { width: W, height: H } = target;
  if (W < 2 || H < 2) throw new FudeError('bad-input', `the image is ${W}x${H} pixels: fude needs at least 2x2`);
  const background = parseBackground(options.background, meanColour(target));
  const types = options.type as StrokeType[];
  const random = seededRandom(options.seed);
  const t0 = performance.now();
  const totalSteps = Array.from({ length: options.stages }, (_, k) => stageSteps(options, k)).reduce((a, b) => a + b, 0) + options.refineSteps;
  let stepsDone = 0;
  let lastYield = t0;
  let lastLoss = NaN;
  let pausedMs = 0; // time spent paused is not painting time

  const canvasImage = control.canvas ? asFloat(control.canvas) : undefined;
  if (canvasImage && (canvasImage.width !== W || canvasImage.height !== H)) {
    throw new FudeError('bad-input', `the starting canvas is ${canvasImage.width}x${canvasImage.height}; it must match the target's ${W}x${H}`);
  }
  const strokes: Stroke[] = [...(control.initial ?? [])];
  const bounds = { sizeMin: options.minSize, sizeMax: options.maxSize, alphaMin: options.opaque ? 1 : 0.1, alphaMax: 1, overscan: 0.05 };
  const baseLr = { position: 0.005, size: 0.005, angle: 0.03, colour: 0.015, opacity: options.opaque ? 0 : 0.01, ...options.lr };
  // The coarse half of the stages runs at half resolution (big strokes need no fine pixels; a step
  // costs a quarter), the rest and the refinement at full resolution.
  const half = options.size >= 128 ? halve(target) : target;
  let engine = createEngine(gl, { width: half.width, height: half.height, capacity: 64, settings: { loss: options.loss } });
  let level = half === target ? 1 : 0;
  /** What lies under the strokes at full or half resolution: the flat background or the starting canvas. */
  const baseAt = (img: FloatImage) => (canvasImage ? (img === target ? canvasImage.data : halve(canvasImage).data) : background);
  const setUp = (e: Engine, img: FloatImage) => { e.configure({ bounds, lr: baseLr }); e.setTarget(img.data); e.setBase(baseAt(img)); };
  setUp(engine, half);
  /** Moves to the full-resolution engine with strokes[0, frozen) as its base canvas. */
  const toFullResolution = (frozen: number) => {
    engine.dispose();
    engine = createEngine(gl, { width: W, height: H, capacity: Math.max(64, strokes.length), settings: { loss: options.loss } });
    setUp(engine, target);
    engine.setStrokes(packStrokes(strokes.slice(0, frozen)));
    engine.forward(false);
    engine.freezeCanvas();
    level = 1;
  };
  const aborted = () => control.signal?.aborted === true;

  // step() only queues GPU work, so time between calls says nothing; report every ~progressEveryMs of
  // measured step time (the loss read-back waits for the GPU) so progress arrives in every phase
  let sinceReport = 0;
  let msPerStep = 10;
  const report = async (phase: PaintProgress['phase'], force = false): Promise<void> => {
    sinceReport++;
    if (!force && sinceReport * msPerStep < (control.progressEveryMs ?? 250)) return;
    lastLoss = engine.readLoss(); // of the last step's forward: no extra pass
    const now = performance.now();
    msPerStep = Math.max(0.5, (now - lastYield) / sinceReport);
    sinceReport = 0;
    const elapsedMs = now - t0 - pausedMs;
    const etaMs = stepsDone > 0 ? (elapsedMs / stepsDone) * (totalSteps - stepsDone) : 0;
    control.onFrame?.(engine);
    control.onProgress?.({ phase, strokes: strokes.length, total: options.strokes + (control.initial?.length ?? 0),
      step: stepsDone, totalSteps, loss: lastLoss, psnr: -10 * Math.log10(Math.max(lastLoss, 1e-12)), elapsedMs, etaMs });
    // a macrotask, so the page can repaint and an abort (or a DevTools-protocol call) can arrive
    await new Promise<void>((r) => setTimeout(r, 0));
    if (control.gate) {
      const pausedAt = performance.now();
      await control.gate();
      pausedMs += performance.now() - pausedAt;
    }
    lastYield = performance.now();
  };

  try {
    if (strokes.length) { // continue: earlier strokes form the frozen canvas
      engine.setStrokes(packStrokes(strokes));
      engine.forward(false);
      engine.freezeCanvas();
    }
    // Coarse-to-fine stages. Each stage optimizes its new strokes together with those of the previous
    // `window - 1` stages; older strokes are frozen into the base canvas, so a step costs what the
    // window covers, not what the whole painting covers.
    const sizeStart = Math.min(options.maxSize, 0.4);
    const sizeEnd = Math.max(options.minSize, Math.min(sizeStart, 1.6 / Math.sqrt(options.strokes)));
    const stageStart: number[] = []; // index in `strokes` where each stage's strokes begin
    let frozen = strokes.length;     // strokes[0, frozen) are in the base canvas
    let placed = 0;
    for (let k = 0; k < options.stages && !aborted(); k++) {
      const batch = Math.round(((k + 1) * options.strokes) / options.stages) - placed;
      if (batch <= 0) continue;
      const size = sizeStart * Math.pow(sizeEnd / sizeStart, options.stages > 1 ? k / (options.stages - 1) : 1);
      if (level === 0 && k >= options.stages / 2) toFullResolution(frozen);
      // freeze the stages that leave the window
      const keepFrom = options.window === 1 ? strokes.length : stageStart.length >= options.window ? stageStart[stageStart.length - options.window + 1] : frozen;
      if (keepFrom > frozen) {
        engine.setStrokes(packStrokes(strokes.slice(frozen, keepFrom)));
        engine.forward(false);
        engine.freezeCanvas();
        frozen = keepFrom;
      }
      // the canvas as it stands, for the error map
      engine.setStrokes(packStrokes(strokes.slice(frozen)));
      engine.forward(false);
      const canvas = engine.readCanvas();
      const here = level === 0 ? half : target;
      const sites = sampleSites(here, canvas, batch, size, random);
      stageStart.push(strokes.length);
      strokes.push(...sites.map((site, n) => initStroke(types[(placed + n) % types.length], site, size, here, options, random)));
      engine.setStrokes(packStrokes(strokes.slice(frozen)));
      // coarse strokes are large (costly per step) and mostly painted over later: give them fewer steps
      const steps = stageSteps(options, k);
      const blurRadius = Math.max(2, Math.round((size * Math.max(engine.width, engine.height)) / 4));
      for (let s = 0; s < steps && !aborted(); s++) {
        engine.configure({
          sigma: 1 + 1.5 * (1 - s / steps), // edges soft early, 1 px at the end
          blurWeight: s < steps / 2 ? options.longRange : 0, blurRadius,
        });
        engine.step();
        stepsDone++;
        await report('stage');
      }
      engine.configure({ sigma: 1, blurWeight: 0 });
      strokes.splice(frozen, strokes.length - frozen, ...unpackStrokes(engine.readStrokes()));
      placed += batch;
      if (steps === 0) { engine.forward(false); engine.computeLoss(); await report('stage', true); }
    }
    // Joint refinement over the flat background of all strokes but the coarsest (the first
    // `refineFreeze` of the new ones): those are the costliest to refine (largest) and are mostly
    // painted over, so they stay in the base canvas.
    if (level === 0) toFullResolution(0);
    if (!aborted() && options.refineSteps > 0 && strokes.length > 0) {
      const from = Math.min(strokes.length - 1, (control.initial?.length ?? 0) + Math.floor(options.refineFreeze * options.strokes));
      engine.setBase(baseAt(target));
      engine.setStrokes(packStrokes(strokes.slice(0, from)));
      engine.forward(false);
      engine.freezeCanvas();
      engine.configure({ sigma: 1, lr: scaleLr(baseLr, 0.5) });
      engine.setStrokes(packStrokes(strokes.slice(from)));
      for (let s = 0; s < options.refineSteps && !aborted(); s++) {
        engine.step();
        stepsDone++;
        await report('refine');
      }
      strokes.splice(from, strokes.length - from, ...unpackStrokes(engine.readStrokes()));
    }
    // The painting is exactly the strokes over the background: render them once more and measure.
    engine.setBase(baseAt(target));
    engine.configure({ sigma: 1 });
    engine.setStrokes(packStrokes(strokes));
    engine.forward(false);
    const final = engine.readCanvas();
    control.onFrame?.(engine);
    const result: Painting = { width: W, height: H, background, overCanvas: !!canvasImage, strokes, psnr: psnr(final, target.data), seconds: (performance.now() - t0 - pausedMs) / 1000, aborted: aborted(), options };
    control.onProgress?.({ phase: 'done', strokes: strokes.length, total: strokes.length, step: stepsDone, totalSteps, loss: lastLoss, psnr: result.psnr, elapsedMs: performance.now() - t0 - pausedMs, etaMs: 0 });
    return result;
  } finally {
    engine.dispose();
  }
}

function asFloat(img: ByteImage | FloatImage): FloatImage {
  return img.data instanceof Float32Array ? (img as FloatImage) : toFloatImage(img as ByteImage);
}

/** The image at half resolution (2x2 box average). */
function halve(img: FloatImage): FloatImage {
  const w = Math.floor(img.width / 2), h = Math.floor(img.height / 2);
  const out = new Float32Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < 4; k++) {
    const at = (dx: number, dy: number) => img.data[((2 * y + dy) * img.width + 2 * x + dx) * 4 + k];
    out[(y * w + x) * 4 + k] = 0.25 * (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1));
  }
  return { width: w, height: h, data: out };
}

/** Steps of stage k: from 0.5x the mean at the coarsest stage to 1.5x at the finest, same total. */
function stageSteps(o: PaintOptions, k: number): number {
  const ramp = o.stages > 1 ? 0.5 + k / (o.stages - 1) : 1;
  return Math.round(o.stageSteps * ramp);
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
