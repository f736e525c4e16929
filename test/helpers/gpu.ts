// One headless page per test file, with the fude bundle as the global `fude`.
import { afterAll, beforeAll } from 'vitest';
import { openSession, type Session } from '../../src/node/session.js';

export function useGpuPage(): { session: () => Session } {
  let session: Session | undefined;
  beforeAll(async () => { session = await openSession(); });
  afterAll(async () => { await session?.close(); });
  return { session: () => { if (!session) throw new Error('session not open'); return session; } };
}

/** Random numbers from a seed, for reproducible random strokes. */
export { mulberry32 as rng } from '../../src/paint/image.js';
