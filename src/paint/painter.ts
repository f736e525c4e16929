// The painter: coarse-to-fine stages of error-sampled strokes, each optimized over the frozen canvas of
// the stages before it, then a joint refinement of the stroke list over the flat background. Every
// phase optimizes the process objective: besides the final canvas, the canvas at the stage boundaries
// and process checkpoints inside the active strokes enters the loss, so every prefix of the painting is
// a picture of its own (docs/painter.md).
import type { Engine, OptimizerState, PrefixTerm } from '../render/engine.js';
import { DEFAULT_LEARNING_RATES, type LearningRates } from '../optim/spec.js';
import { FudeError } from '../errors.js';
import { packStrokes, type Stroke } from '../strokes/stroke.js';
import type { StrokeType } from '../strokes/layout.js';
import { rendererName } from '../render/gl.js';
import { maxBlocksOn } from '../render/checkpoints.js';
import { rendererKindOf } from '../render/renderer-kind.js';
import { meanColour, seededRandom, toFloatImage, type ByteImage, type FloatImage } from './image.js';
import { invisible, sampleSites } from './sites.js';
import { parseBackground, resolveOptions, type PaintOptions } from './options.js';
import { initStrokes } from './init.js';
import { createRelocation } from './relocation.js';
import { MAX_PREFIX_TERMS, planRefinement, planStages, PROCESS_FRACTIONS, refineAnneal, refinePrefixEnds, STAGE_ANNEAL, stageInnerEnds, type Anneal } from './schedule.js';
import { pyramid } from './pyramid.js';
import { createEta } from './progress.js';
import { createPaintClock } from './clock.js';
import { createLevelEngine } from './level-engine.js';
import { carryState, measureAt, mseOfBase, readBack } from './engine-io.js';
import { expectRounds, expectTouchUp, followsRound, planPhases, roundRan, TOUCH_UP_LIKELY, touchUpWalksDone } from './phases.js';
import type { Painting, PaintControl, PaintProgress } from './painting.js';
import {
  EARLY_STAGE_LR, LATE_RELOCATION_SHARE, LATE_RELOCATIONS_MIN, REFINE_COARSE_FROM_PX, REFINE_MAX_STROKES, REFINE_PROCESS, refineLrAt, TOUCH_UP_ROUNDS, TOUCH_UP_STEPS, WINDOW_MAX_EARLIER,
} from './tuning.js';

export type { Painting, PaintControl, PaintProgress, ProcessPoint, StrokeCanvas } from './painting.js';

/** Paints `target` (already at the working resolution) with strokes; see PaintOptions. */
export async function paint(gl: WebGL2RenderingContext, targetImage: ByteImage | FloatImage, partial: Partial<PaintOptions> = {}, control: PaintControl = {}): Promise<Painting> {
  const options = resolveOptions(partial);
  const target = asFloat(targetImage);
  const { width: W, height: H } = target;
  if (W < 2 || H < 2) throw new FudeError('bad-input', `the image is ${W}x${H} pixels: fude needs at least 2x2`);
  const canvasImage = control.canvas ? asFloat(control.canvas) : undefined;
  if (canvasImage && (canvasImage.width !== W || canvasImage.height !== H)) {
    throw new FudeError('bad-input', `the starting canvas is ${canvasImage.width}x${canvasImage.height}; it must match the target's ${W}x${H}`);
  }
  const background = parseBackground(options.background, meanColour(target));
  const types = options.type as StrokeType[];
  const random = seededRandom(options.seed);
  const stages = planStages(options, Math.max(W, H));
  const levels = Math.max(...stages.map((s) => s.level)) + 1;
  const targets = pyramid(target, levels);
  const canvases = canvasImage ? pyramid(canvasImage, levels) : undefined;
  const baseAt = (level: number) => canvases?.[level].data ?? background;
  const initial = control.initial ?? [];
  const first = initial.length; // strokes[0, first) are the painting we continue
  const strokes: Stroke[] = [...initial];
  const aborted = () => control.signal?.aborted === true;
  const bounds = { sizeMin: options.minSize, sizeMax: options.maxSize, alphaMin: options.opaque ? 1 : 0.1, alphaMax: 1, overscan: 0.05 };
  // opaque strokes keep alpha 1 (after options.lr, which holds every group, the caller's or the default)
  const baseLr = { ...DEFAULT_LEARNING_RATES, ...options.lr, ...(options.opaque ? { opacity: 0 } : {}) };
  // the first stages' rates, unless the caller chose rates of their own
  const defaultRates = (Object.keys(DEFAULT_LEARNING_RATES) as (keyof LearningRates)[]).every((k) => options.lr[k] === undefined || options.lr[k] === DEFAULT_LEARNING_RATES[k]);
  const earlyLr = defaultRates ? { ...baseLr, ...EARLY_STAGE_LR } : baseLr;
  const earlyEnd = Math.round(PROCESS_FRACTIONS[0] * options.strokes);
  // the rates of the joint refinement and of the touch-up after it
  const refineLr = scaleLr(baseLr, refineLrAt(Math.max(W, H)));
  // the first stroke the refinement moves (strokes moved to the end from below it join the refined ones)
  let refineFrom = first + Math.max(Math.floor(options.refineFreeze * options.strokes), options.strokes - REFINE_MAX_STROKES);
  const refining = options.refineSteps > 0 && options.strokes - (refineFrom - first) > 0;

  // Progress: the phases (each stage, the refinement's parts and rounds, the end) with what predicts their cost.
  const large = refining && Math.max(W, H) >= REFINE_COARSE_FROM_PX && targets.length > 1;
  const refineParts = refining ? planRefinement(options.refineSteps, large, options.relocate) : [];
  const { phases, roundPhases, touchUpPhase, totalSteps, walkScale } = planPhases({
    stages, levels: targets, strokes: options.strokes, refineFrom: refineFrom - first, refineParts,
    windowEarlier: options.window > 1 ? WINDOW_MAX_EARLIER : 0, touchUp: options.relocate,
  });
  const eta = createEta(phases, rendererKindOf(rendererName(gl)));

  // One engine at a time, at the level the phase runs at, with a frozen base of strokes[0, freezeTo).
  const engines = createLevelEngine(gl, { targets, strokes, baseAt, settings: { loss: options.loss, bounds, lr: baseLr } });
  const useLevel = (level: number, freezeTo: number): Engine => engines.use(level, freezeTo);
  // hidden strokes seeded again where the error is (at most 5% of them moved to the end)
  const relocation = createRelocation({ strokes, first, stages, targets, types, options, random,
    cap: Math.max(LATE_RELOCATIONS_MIN, Math.ceil(LATE_RELOCATION_SHARE * options.strokes)) });

  // the painting's clock (phases, steps, progress reports) starts now, its plan made
  const clock = createPaintClock({ gl, phases, eta, control, engine: engines.current, total: first + options.strokes, totalSteps });
  const report = (kind: PaintProgress['phase'], force = false) => clock.report(kind, strokes.length, force);
  const nextPhase = () => clock.nextPhase();
  /**
   * Runs `steps` steps of the current phase on the engine: with `anneal`, the edge width annealed; with
   * `longRange`, the long-range term (blurred L2 of this radius, level pixels) in the first half of the
   * steps; `warm` goes on where the phase before left off (below).
   */
  const optimize = async (e: Engine, steps: number, kind: 'stage' | 'refine', how: { anneal?: Anneal; warm?: boolean; longRange?: { weight: number; radius: number } } = {}) => {
    const { anneal, warm = false, longRange } = how;
    clock.settle();
    let s = 0;
    // up to n steps in one batch: one save of the host's GL state, not one per step (its queries wait
    // for the GPU process: 1.2 of 23.8 ms a step, llvmpipe)
    const run = (n: number) => e.batch(() => {
      for (; n > 0 && s < steps; n--, s++) {
        if (anneal) e.configure({ sigma: 1 + anneal.extra * (1 - (anneal.from + s) / anneal.total) }); // edges soft early, 1 px at the end
        if (longRange) e.configure({ blurWeight: s < steps / 2 ? longRange.weight : 0, blurRadius: longRange.radius });
        e.step();
        clock.countStep();
      }
    });
    // The first step on an engine or at a level costs several steady ones (textures allocated, the
    // driver's first draws in each state: 15-40 ms against 3-12 at 256 px, llvmpipe). Every phase has
    // one, so its time counts as the phase's set-up (unmeasured when settled), which time left adds per
    // phase to come, and not into the rate at which the phase's other steps are predicted. A `warm`
    // phase goes on where the one before left off (same engine and level, after a relocation round).
    if (s < steps && !aborted() && !warm) {
      run(1);
      clock.settleAsSetup();
    }
    while (s < steps && !aborted()) {
      run(clock.stepsToReport());
      await report(kind);
    }
    e.configure({ sigma: 1, blurWeight: 0 });
  };
  /**
   * Compiles the final measure's programs (its layout of process checkpoints) with one walk of engine
   * `e`'s `count` strokes. A layout the painting has not used compiles at the very end otherwise (200
   * strokes: three programs, 0.1-0.15 s on SwiftShader, a third of the final measure), where time left
   * cannot see it coming; in a set-up it is counted like the others.
   */
  const warmFinalLayout = (e: Engine, count: number) => measureAt(e, PROCESS_FRACTIONS.map((_, k) => k + 1).filter((end) => end < count));
  /**
   * The process checkpoints as block ends among strokes[from..]: the refinement's relocation rounds
   * measure contributions in the final measure's layout, whose programs the painting builds anyway.
   * In a layout of their own (three blocks, at 257-1024 strokes) they built two programs for two walks:
   * 350 ms on SwiftShader, 0.2-0.4 s of a 500-stroke painting, the strokes the same.
   */
  const checkpointBlocksFrom = (from: number) => checkpointEnds.map((e) => e - from);
  /** Prefix terms for the active strokes strokes[from..]: each given end (an index in `strokes`) inside them. */
  const prefixTerms = (from: number, count: number, ends: number[], weight: number): PrefixTerm[] =>
    weight > 0 ? ends.map((e) => ({ end: e - from, weight })).filter((t) => t.end > 0 && t.end < count) : [];
  const checkpointEnds = PROCESS_FRACTIONS.map((f) => first + Math.round(f * options.strokes));
  // the prefix terms a pass takes on this GPU (5 with 8 draw buffers; fewer draw buffers, fewer blocks)
  const maxTerms = Math.min(MAX_PREFIX_TERMS, maxBlocksOn(gl) - 1);
  /** The refinement's prefix terms among strokes (from, to): the process checkpoints and stages' inner ends. */
  const refineEnds = (from: number, to: number): number[] => refinePrefixEnds(stages, checkpointEnds, first, from, to, maxTerms);

  try {
    // Coarse-to-fine stages. Each optimizes its new strokes together with those of the previous
    // `window - 1` stages over the frozen canvas of the older ones, with the stage boundaries in between
    // as prefix terms, so a step costs what the window covers and no stage spoils the one before.
    for (let k = 0; k < stages.length && !aborted(); k++) {
      const stage = stages[k];
      const windowFrom = options.window > 1 && k > 0 ? stages[Math.max(0, k - options.window + 1)].from : stage.from;
      const keepFrom = first + Math.max(windowFrom, stage.from - WINDOW_MAX_EARLIER);
      const e = useLevel(stage.level, keepFrom);
      const here = targets[stage.level];
      // the canvas as it stands, for the error map
      e.setStrokes(packStrokes(strokes.slice(keepFrom)));
      const sites = sampleSites(here, e.readCanvas(), stage.to - stage.from, stage.size, random);
      strokes.push(...initStrokes(types, stage.from, sites, stage.size, here, options, random));
      const active = strokes.length - keepFrom;
      e.setStrokes(packStrokes(strokes.slice(keepFrom)));
      // the stage boundaries, and points inside a stage of many strokes, so its first strokes make a picture too
      const boundaries = [...stages.slice(0, k).map((s) => first + s.to), ...stageInnerEnds(stage, maxTerms).map((e) => first + e)];
      e.configure({ prefixes: prefixTerms(keepFrom, active, boundaries, options.process), finalWeight: 1, lr: stage.to <= earlyEnd ? earlyLr : baseLr });
      // the long-range term's blur: about a quarter of the stage's stroke length, in this level's pixels
      const longRange = options.longRange > 0 ? { weight: options.longRange, radius: Math.max(2, Math.round((stage.size * Math.max(here.width, here.height)) / 4)) } : undefined;
      await optimize(e, stage.steps, 'stage', { anneal: { extra: STAGE_ANNEAL, from: 0, total: stage.steps }, longRange });
      strokes.splice(keepFrom, active, ...readBack(e));
      // the stage's strokes that show too little are seeded again where the error is; the next stage's
      // window (or the refinement) optimizes them (more steps here, or a reset optimizer, cost more
      // than they gave: measured at 3000 strokes, 768 px)
      if (options.relocate && !aborted() && stage.steps > 0) relocation.afterStage(e, stage, keepFrom);
      if (stage.steps === 0) { e.forward(); clock.countWork(); await report('stage', true); }
      control.onStrokes?.(strokes.slice(), { width: W, height: H, background });
      nextPhase();
    }
    // Joint refinement (of a large painting at half resolution first) of all strokes but the coarsest (the first
    // `refineFreeze`, which are costly to refine and mostly painted over), with the process checkpoints
    // inside them as prefix terms.
    if (!aborted() && refining) {
      const startLevel = refineParts[0].level;
      // strokes the stages left showing too little move to the end and are refined with the rest
      if (options.relocate) relocation.toEnd(useLevel(startLevel, refineFrom), refineFrom, startLevel, { ends: checkpointBlocksFrom(refineFrom) });
      let roundsOver = relocation.left === 0;
      if (roundsOver) expectRounds(phases, roundPhases, -1, true, walkScale);
      // Adam's state across a round: a fresh start moves every stroke by a full learning rate at once
      // (astronaut, 500 @ 256: -0.8 dB with the refinement restarted at 70% of its steps)
      let carried: OptimizerState | undefined;
      for (const [n, part] of refineParts.entries()) {
        if (aborted()) break;
        const active = strokes.length - refineFrom;
        const r = useLevel(part.level, refineFrom);
        r.setStrokes(packStrokes(strokes.slice(refineFrom)), undefined, carried);
        if (n === 0) warmFinalLayout(r, active);
        r.configure({ sigma: 1, lr: refineLr, prefixes: prefixTerms(refineFrom, active, refineEnds(refineFrom, strokes.length), options.process * REFINE_PROCESS), finalWeight: 1 });
        await optimize(r, part.steps, 'refine', { anneal: refineAnneal(refineParts, n), warm: followsRound(refineParts, n) });
        strokes.splice(refineFrom, active, ...readBack(r));
        control.onStrokes?.(strokes.slice(), { width: W, height: H, background });
        nextPhase();
        const round = roundPhases.get(n);
        if (round === undefined) continue;
        const state = r.readOptimizerState(), refined = strokes.slice(refineFrom);
        // A relocation round: every stroke's contribution is measured over the background, and those
        // showing too little (painted over, faded, shrunk) move to the end where the error is; the
        // parts left refine them with the rest. A round that finds none ends the rounds.
        const moved = aborted() || roundsOver ? null : relocation.toEnd(useLevel(part.level, first), first, part.level, { ends: checkpointBlocksFrom(first) });
        if (moved) refineFrom -= moved.filter((i) => i < refineFrom).length;
        carried = carryState(state, refined, strokes.slice(refineFrom));
        roundsOver ||= !moved?.length || relocation.left === 0;
        // what this round cost, and what the rounds after it are now expected to
        phases[round].steps = moved ? roundRan(moved.length > 0, walkScale) : 0;
        expectRounds(phases, roundPhases, round, roundsOver, walkScale);
        // strokes still moving this late are likely to leave some hidden for the touch-up
        const likely = moved?.length ? TOUCH_UP_LIKELY.afterMoves : TOUCH_UP_LIKELY.afterNone;
        if (touchUpPhase !== undefined) expectTouchUp(phases, touchUpPhase, targets, 1, 0, likely);
        nextPhase();
      }
    }
    // The strokes the painting does not show, and of those the ones the process never shows either.
    let e = useLevel(0, 0);
    e.setStrokes(packStrokes(strokes));
    const ends = PROCESS_FRACTIONS.map((f) => Math.round(f * strokes.length));
    let shown = e.readVisibility(ends);
    nextPhase();
    // The touch-up: strokes covered or faded since the last round move to the end where the error is,
    // and a few steps fit them alone over the frozen rest; again while that leaves strokes invisible
    // (the new ones cover some that barely showed). Beyond the cap on such moves go those no process
    // checkpoint shows either (the process does not miss them), and every hidden one while they are no
    // more than the cap's own size: rocket, 1000 strokes, seeds 1-5, kept 8-16 hidden, and moving
    // them too costs 0.11 dB of the painting and 0.04 dB of its process at half (docs/painter.md).
    let touchUps = 0;
    for (; touchUps < TOUCH_UP_ROUNDS && options.relocate && !aborted(); touchUps++) {
      const hidden = invisible(shown.atEnd, first, 1);
      const beyondCap = hidden.length <= relocation.cap ? hidden : invisible(shown.overall, first, 1);
      if (!hidden.length || (relocation.left === 0 && !beyondCap.length)) break;
      const moved = relocation.toEnd(useLevel(0, first), first, 0, { shown: shown.atEnd.subarray(first), alsoMove: beyondCap }).length;
      // never true (the check above leaves strokes to move), but slice(-0) below would be every stroke
      if (!moved) break;
      const fit = useLevel(0, strokes.length - moved);
      fit.setStrokes(packStrokes(strokes.slice(-moved)));
      fit.configure({ sigma: 1, lr: refineLr, prefixes: [], finalWeight: 1 });
      expectTouchUp(phases, touchUpPhase!, targets, moved, stages[stages.length - 1].size, 1, touchUps + 1);
      clock.addSteps(TOUCH_UP_STEPS);
      await optimize(fit, TOUCH_UP_STEPS, 'refine');
      clock.settle(); // the steps end here: the walks after them are counted apart (phases.ts)
      strokes.splice(-moved, moved, ...readBack(fit));
      control.onStrokes?.(strokes.slice(), { width: W, height: H, background });
      e = useLevel(0, 0);
      e.setStrokes(packStrokes(strokes));
      shown = e.readVisibility(ends);
      touchUpWalksDone(phases, touchUpPhase!);
    }
    if (touchUpPhase !== undefined) {
      if (!touchUps) expectTouchUp(phases, touchUpPhase, targets, 1, 0, 0); // it did not run
      nextPhase(); // its steps
      nextPhase(); // its walks
    }
    const stillInvisible = invisible(shown.atEnd, first, 1).length;
    const unseen = invisible(shown.overall, first, 1).length;
    // The painting is exactly the strokes over the background: render them once more and measure it
    // and its process (the canvas after each checkpoint) in one gradient forward.
    const stats = measureAt(e, ends);
    const psnrOf = (mse: number) => -10 * Math.log10(Math.max(mse, 1e-12));
    const processPsnr = PROCESS_FRACTIONS.map((fraction, k) => {
      const end = ends[k];
      const block = stats.blockEnds.indexOf(end);
      const mse = end === 0 ? mseOfBase(e) : end >= strokes.length ? stats.mse : stats.prefixMse[block];
      return { fraction, strokes: end, psnr: psnrOf(mse) };
    });
    control.onFrame?.(e);
    nextPhase(); // the final measure's phase
    const result: Painting = { width: W, height: H, background, overCanvas: !!canvasImage, strokes, psnr: psnrOf(stats.mse), processPsnr,
      seconds: clock.elapsedMs() / 1000, aborted: aborted(), relocated: relocation.relocated, invisible: stillInvisible, unseen,
      steps: clock.stepsDone, peakTextureBytes: engines.peakTextureBytes(), options };
    control.onProgress?.({ phase: 'done', strokes: strokes.length, total: strokes.length, step: clock.stepsDone, totalSteps: clock.totalSteps, loss: clock.lastLoss, psnr: result.psnr, elapsedMs: clock.elapsedMs(), etaMs: 0 });
    return result;
  } finally {
    engines.dispose();
  }
}

function asFloat(img: ByteImage | FloatImage): FloatImage {
  return img.data instanceof Float32Array ? (img as FloatImage) : toFloatImage(img as ByteImage);
}

function scaleLr<T extends Record<string, number>>(lr: T, f: number): T {
  return Object.fromEntries(Object.entries(lr).map(([k, v]) => [k, v * f])) as T;
}
