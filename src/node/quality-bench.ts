// The quality table of `npm run bench`: filled in by the painter (issue "The painter").
import type { Session } from './session.js';

export async function runQualityBench(_session: Session, _outDir: string, _stamp: string, _args: string[]): Promise<void> {
  console.log('quality: the painter is not built yet; no quality cases run');
}
