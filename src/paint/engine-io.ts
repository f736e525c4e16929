// What the painter reads back from an engine and hands to the next: its strokes (checked for a lost
// GPU), the optimizer state carried across a relocation, and the error of a painting and its prefixes.
import { lostContext } from '../render/gl.js';
import type { Engine, EngineStats, OptimizerState } from '../render/engine.js';
import { unpackStrokes, type Stroke } from '../strokes/stroke.js';
import { FLOATS_PER_STROKE, SLOTS } from '../strokes/layout.js';

/**
 * The engine's strokes, read back. The optimizer keeps every size above zero, so a zero size means the
 * read came back empty: the GPU went away while it ran, before the browser flagged the context lost.
 */
export function readBack(e: Engine): Stroke[] {
  const strokes = unpackStrokes(e.readStrokes());
  const sized = (s: Stroke) => SLOTS[s.type].every((slot) => slot.group !== 'size' || (s as unknown as Record<string, number>)[slot.name] > 0);
  if (!strokes.every(sized)) throw lostContext();
  return strokes;
}

/**
 * The optimizer state of strokes `before` (in the engine's order, as `state` holds it) for the strokes
 * `after`: each stroke that was there keeps its own, a new one starts afresh.
 */
export function carryState(state: OptimizerState, before: Stroke[], after: Stroke[]): OptimizerState {
  const at = new Map(before.map((s, i) => [s, i]));
  const m = new Float32Array(after.length * FLOATS_PER_STROKE), v = new Float32Array(after.length * FLOATS_PER_STROKE);
  after.forEach((s, j) => {
    const i = at.get(s);
    if (i === undefined) return;
    m.set(state.m.subarray(i * FLOATS_PER_STROKE, (i + 1) * FLOATS_PER_STROKE), j * FLOATS_PER_STROKE);
    v.set(state.v.subarray(i * FLOATS_PER_STROKE, (i + 1) * FLOATS_PER_STROKE), j * FLOATS_PER_STROKE);
  });
  return { m, v };
}

/**
 * The error of engine `e`'s painting and of its prefixes after each of `ends` strokes (prefix terms of
 * weight 0: measured, not optimized), from one gradient forward at 1-pixel edges.
 */
export function measureAt(e: Engine, ends: readonly number[]): EngineStats {
  e.configure({ sigma: 1, prefixes: ends.map((end) => ({ end, weight: 0 })), finalWeight: 1 });
  e.forward();
  e.computeLoss();
  return e.readStats(true);
}

/** MSE of the bare canvas (no strokes) of an engine whose base is the background. */
export function mseOfBase(e: Engine): number {
  const keep = e.readStrokes();
  e.setStrokes(new Float32Array(0));
  e.forward(false);
  e.computeLoss();
  const mse = e.readStats().mse;
  e.setStrokes(keep);
  return mse;
}

