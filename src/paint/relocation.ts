// Strokes that do nothing (transparent, painted over, shrunk to nothing or pushed off the canvas) are
// seeded again where the error is, so that every stroke of the budget shows (sites.ts):
// - after a stage, its own hidden strokes, in their places (the next stage's window refines them);
// - in the refinement and the touch-up, hidden strokes move to the end as strokes of the last stage,
//   at most `cap` of them in a painting: a stroke moved to the end leaves the process's earlier
//   prefixes, where a stroke the final canvas hides is often underpainting that shows, and moving
//   many cost them 0.2-0.4 dB (docs/painter.md). The touch-up moves beyond the cap (`alsoMove`) the
//   strokes no process checkpoint shows either (no prefix misses them), and every stroke still hidden
//   while they number no more than the cap.
import type { Engine } from '../render/engine.js';
import { packStrokes, type Stroke } from '../strokes/stroke.js';
import type { StrokeType } from '../strokes/layout.js';
import { initStroke } from './init.js';
import type { PaintOptions } from './options.js';
import type { Stage } from './schedule.js';
import type { FloatImage } from './image.js';
import { invisible, leastVisible, sampleSites } from './sites.js';

export interface RelocationInput {
  /** The painting's stroke list, which the moves edit in place; its new strokes start at `first`. */
  strokes: Stroke[];
  first: number;
  stages: readonly Stage[];
  /** The target at each pyramid level, level 0 the working size. */
  targets: readonly FloatImage[];
  types: readonly StrokeType[];
  options: PaintOptions;
  random: () => number;
  /** How many strokes may move to the end in all (besides those `alsoMove` names). */
  cap: number;
}

export interface MoveOptions {
  /** Contributions already measured of strokes[from..] at full size (else measured on the engine). */
  shown?: Float32Array;
  /** Strokes (indices in the painting) that move to the end besides, outside the cap. */
  alsoMove?: readonly number[];
  /**
   * Block ends (among strokes[from..]) to measure the contributions with: the layout of checkpoint
   * blocks the engine's next walks use, so that this walk builds no program of its own.
   */
  ends?: readonly number[];
}

export interface Relocation {
  /** Strokes seeded again so far, every way. */
  readonly relocated: number;
  /** Moves to the end the cap allows in all, and those it still allows. */
  readonly cap: number;
  readonly left: number;
  /** After stage `stage`, optimized on engine `e` with strokes[keepFrom..] active: its hidden strokes, in their places. */
  afterStage(e: Engine, stage: Stage, keepFrom: number): void;
  /**
   * Moves the least visible hidden strokes of strokes[from..] (as many as the cap allows) to the end of
   * the painting, as strokes of its last stage placed where the error is, measured on engine `e` at
   * `level` (whose base holds strokes[0, from)). Returns the indices they had.
   */
  toEnd(e: Engine, from: number, level: number, how?: MoveOptions): number[];
}

export function createRelocation({ strokes, first, stages, targets, types, options, random, cap }: RelocationInput): Relocation {
  let relocated = 0, left = cap;
  const last = stages[stages.length - 1];

  return {
    get relocated() { return relocated; },
    cap,
    get left() { return left; },
    afterStage(e, stage, keepFrom) {
      const stageStart = first + stage.from, here = targets[stage.level];
      const lost = invisible(e.readContributions(), stageStart - keepFrom, 0.5 ** stage.level).map((i) => keepFrom + i);
      if (!lost.length) return;
      const gone = new Set(lost);
      const kept = strokes.filter((_, i) => !gone.has(i));
      e.setStrokes(packStrokes(kept.slice(keepFrom)));
      const again = sampleSites(here, e.readCanvas(), lost.length, stage.size, random);
      lost.forEach((at, n) => { strokes[at] = initStroke(types[(stage.from + at - stageStart) % types.length], again[n], stage.size, here, options, random); });
      relocated += lost.length;
    },
    toEnd(e, from, level, how = {}) {
      let shown = how.shown;
      if (!shown) {
        e.setStrokes(packStrokes(strokes.slice(from)));
        shown = how.ends ? e.readVisibility(how.ends).atEnd : e.readContributions();
      }
      const lost = new Set(leastVisible(shown, 0, 0.5 ** level, left).map((i) => from + i));
      left -= lost.size;
      for (const i of how.alsoMove ?? []) lost.add(i);
      if (lost.size === 0) return [];
      relocated += lost.size;
      const kept = strokes.filter((_, i) => !lost.has(i));
      e.setStrokes(packStrokes(kept.slice(from)));
      const again = sampleSites(targets[level], e.readCanvas(), lost.size, last.size, random)
        .map((site, n) => initStroke(types[(last.from + n) % types.length], site, last.size, targets[0], options, random));
      strokes.splice(0, strokes.length, ...kept, ...again);
      return [...lost];
    },
  };
}
