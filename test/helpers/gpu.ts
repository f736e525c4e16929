// One headless page per test file, with the fude bundle as the global `fude`.
import { afterAll, beforeAll } from 'vitest';
import { openSession, type Session } from '../../src/node/session.js';
import { browserLog } from '../../src/node/browser.js';

export function useGpuPage(): { session: () => Session } {
  let session: Session | undefined;
  beforeAll(async () => {
    const s = session = await openSession();
    // a crash fails the tests that follow with 'Target closed': say what the browser said about it
    const explain = (what: string) => () => console.error(`${what}; the browser's last words:\n${browserLog(s.browser).join('\n')}`);
    s.page.on('error', explain('the test page crashed'));
    s.browser.on('disconnected', () => { if (session) explain('the test browser exited')(); });
  });
  afterAll(async () => { const s = session; session = undefined; await s?.close(); });
  return { session: () => { if (!session) throw new Error('session not open'); return session; } };
}

/** Random numbers from a seed, for reproducible random strokes. */
export { mulberry32 as rng } from '../../src/paint/image.js';
