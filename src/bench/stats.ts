// Small statistics the benchmarks share, in the page and in Node alike (no GPU code here, so Node's
// bench does not bundle the engine to get them).

/** The middle value (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A progress report's time so far and its estimate of the time left (PaintProgress's fields). */
export interface EtaPoint { phase: string; elapsedMs: number; etaMs: number }

export interface EtaAccuracy {
  /** The largest |estimate − truth| / truth of the reports made once a fifth of the painting's time had passed. */
  worst: number;
  /** Where: the report's phase, seconds in and seconds truly left. */
  at: string;
  /** The same, of the reports made before the last tenth of the time (where the truth is a second or two). */
  worstBeforeLastTenth: number;
}

/** How far the estimates of time left were from the truth (the 'done' report's time minus each report's). */
export function etaAccuracy(points: readonly EtaPoint[]): EtaAccuracy {
  const done = points.find((p) => p.phase === 'done') ?? points[points.length - 1];
  const total = done?.elapsedMs ?? 0;
  let worst = 0, at = '', before = 0;
  for (const p of points) {
    const truth = total - p.elapsedMs;
    if (p === done || p.elapsedMs < total / 5 || truth <= 0) continue;
    const err = Math.abs(p.etaMs - truth) / truth;
    if (err > worst) { worst = err; at = `${p.phase} at ${(p.elapsedMs / 1000).toFixed(1)} s, ${(truth / 1000).toFixed(1)} s left, estimated ${(p.etaMs / 1000).toFixed(1)} s`; }
    if (p.elapsedMs <= 0.9 * total) before = Math.max(before, err);
  }
  return { worst, at, worstBeforeLastTenth: before };
}
