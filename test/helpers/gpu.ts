// One headless page per test file, with the fude bundle as the global `fude`.
import { afterAll, beforeAll } from 'vitest';
import { openSession, type Session } from '../../src/node/session.js';

export function useGpuPage(): { session: () => Session } {
  let session: Session | undefined;
  beforeAll(async () => { session = await openSession(); });
  afterAll(async () => { await session?.close(); });
  return { session: () => { if (!session) throw new Error('session not open'); return session; } };
}

/** Random numbers from a seed (mulberry32), for reproducible random strokes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
