// Small statistics the benchmarks share, in the page and in Node alike (no GPU code here, so Node's
// bench does not bundle the engine to get them).

/** The middle value (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
