// The painting's clock: which phase it is in, how many steps it has run, what they cost (measured when
// the GPU is waited for anyway), and the progress reports with time left that follow from those.
// step() only queues GPU work, so the time between two calls says nothing: every ~progressEveryMs of
// measured step time a report reads the loss back (which waits for the GPU), and the time since the
// last measure goes to the phase under way.
import { compiledMs } from '../render/programs.js';
import type { Engine } from '../render/engine.js';
import type { Eta, Phase } from './progress.js';
import type { PaintControl, PaintProgress } from './painting.js';

export interface PaintClock {
  /** The phase under way (an index into the plan's phases) and its steps so far. */
  readonly phase: number;
  readonly phaseStep: number;
  /** Steps run in all, and the objective at the last report. */
  readonly stepsDone: number;
  readonly lastLoss: number;
  /** The steps the painting runs in all, as planned and added. */
  readonly totalSteps: number;
  /** One optimizer step was queued. */
  countStep(): void;
  /** Work that is not a step (a forward alone) was queued: the next report measures it with the steps. */
  countWork(): void;
  /** `n` steps not in the plan will run (the touch-up, when it is needed): the reports count them. */
  addSteps(n: number): void;
  /** Steps until the next report is due (at least one). */
  stepsToReport(): number;
  /** Reads the loss and reports progress when one is due (or `force`d); then lets events in, and waits while paused. */
  report(kind: PaintProgress['phase'], strokes: number, force?: boolean): Promise<void>;
  /**
   * Waits for the GPU and gives the steps not yet measured to the phase; the clock then restarts, so
   * the time until the next steps (seeding, relocation) counts as set-up time.
   */
  settle(): void;
  /** As settle, but the steps since the last measure were set-up (a phase's first step): not measured as steps. */
  settleAsSetup(): void;
  /** The phase under way is over (FUDE_TRACE prints what it cost). */
  nextPhase(): void;
  /** The painting's time so far, less pauses, ms. */
  elapsedMs(): number;
}

export interface ClockInput {
  gl: WebGL2RenderingContext;
  phases: Phase[];
  eta: Eta;
  control: PaintControl;
  /** The engine the steps run on now (one per level: it changes). */
  engine: () => Engine | null;
  /** Strokes the painting will have, and its steps in all, for the reports. */
  total: number;
  totalSteps: number;
}

export function createPaintClock({ gl, phases, eta, control, engine, total, totalSteps }: ClockInput): PaintClock {
  const t0 = performance.now();
  const reportEveryMs = control.progressEveryMs ?? 250;
  let pausedMs = 0, stepsDone = 0, phase = 0, phaseStep = 0, lastLoss = NaN;
  // steps since the last progress report (its cadence), and since the last measure of their time
  let sinceReport = 0, unmeasured = 0, lastReport = t0, msPerStep = 10;
  // the measured steps' time of the phase under way, without compiling, and its compiling (FUDE_TRACE shows them)
  let phaseStepMs = 0, phaseCompiledMs = 0, phaseStart = t0;
  // Compiling programs (most in the first steps, some on a new level or in the closing) is a one-off
  // that the rates of steps and set-ups would otherwise carry into every phase to come.
  const compiledAtStart = compiledMs(gl);
  let compiledSeen = compiledAtStart;
  const measured = (steps: number, ms: number) => {
    const compiling = compiledMs(gl) - compiledSeen;
    compiledSeen += compiling;
    eta.measured(phase, steps, Math.max(0, ms - compiling));
    phaseStepMs += Math.max(0, ms - compiling); phaseCompiledMs += compiling;
  };
  /** The painting's time so far, less pauses and compiling. */
  const workedMs = (now: number) => now - t0 - pausedMs - (compiledMs(gl) - compiledAtStart);

  const clock: PaintClock = {
    get phase() { return phase; },
    get phaseStep() { return phaseStep; },
    get stepsDone() { return stepsDone; },
    get lastLoss() { return lastLoss; },
    get totalSteps() { return totalSteps; },
    countStep() { clock.countWork(); stepsDone++; phaseStep++; },
    countWork() { sinceReport++; unmeasured++; },
    addSteps(n) { totalSteps += n; },
    stepsToReport: () => Math.max(1, Math.ceil(reportEveryMs / msPerStep) - sinceReport),
    async report(kind, strokes, force = false) {
      if (!force && sinceReport * msPerStep < reportEveryMs) return;
      const e = engine()!;
      const stats = e.readStats();
      lastLoss = stats.objective;
      const now = performance.now();
      measured(unmeasured, now - lastReport); // unmeasured >= 1: this step at least
      msPerStep = Math.max(0.5, (now - lastReport) / unmeasured);
      sinceReport = 0; unmeasured = 0;
      control.onFrame?.(e);
      control.onProgress?.({ phase: kind, strokes, total, step: stepsDone, totalSteps,
        loss: lastLoss, psnr: -10 * Math.log10(Math.max(stats.mse, 1e-12)), elapsedMs: now - t0 - pausedMs, etaMs: eta.remainingMs(phase, phaseStep, workedMs(now)) });
      // a macrotask, so the page can repaint and an abort (or a DevTools-protocol call) can arrive
      await new Promise<void>((r) => setTimeout(r, 0));
      if (control.gate) {
        const pausedAt = performance.now();
        await control.gate();
        pausedMs += performance.now() - pausedAt;
      }
      lastReport = performance.now();
    },
    settle() {
      engine()?.sync();
      const now = performance.now();
      if (unmeasured > 0) measured(unmeasured, now - lastReport);
      else compiledSeen = compiledMs(gl); // compiled in a set-up, not in the steps to come
      unmeasured = 0;
      lastReport = now;
    },
    settleAsSetup() {
      unmeasured = 0;
      clock.settle();
    },
    nextPhase() {
      clock.settle();
      if ((globalThis as { FUDE_TRACE?: boolean }).FUDE_TRACE) {
        const now = performance.now();
        console.log(`phase ${phase}: compiled ${Math.round(compiledMs(gl))} ${JSON.stringify({ ...phases[phase], stepSeconds: Math.round(phaseStepMs) / 1000, compiledSeconds: Math.round(phaseCompiledMs) / 1000 })} ${((now - phaseStart) / 1000).toFixed(2)} s`);
        phaseStart = now;
      }
      phase++; phaseStep = 0; phaseStepMs = 0; phaseCompiledMs = 0;
    },
    elapsedMs: () => performance.now() - t0 - pausedMs,
  };
  return clock;
}
