// What every fude command shares: the paint options as flags (read from the one set of defaults),
// numbers checked with one clear line, signals, the progress line, and the summary's notes.
import { readFileSync } from 'node:fs';
import { FudeError } from '../errors.js';
import { DEFAULT_PAINT_OPTIONS, MAX_STROKES } from '../paint/options.js';
import type { StrokeType } from '../strokes/layout.js';
import { RENDERER_CHOICES, type RendererChoice } from './browser.js';
import type { FolderJobOptions } from './folder-job.js';
import { OUTPUT_MAGNIFICATION, type PaintSummary } from './paint-files.js';
import { MIN_VISIBLE_PX } from '../paint/sites.js';
import { unreadable } from './jobs.js';

const D = DEFAULT_PAINT_OPTIONS;

/** The paint options' help, shared by paint, batch and enqueue. */
export const PAINT_OPTIONS_HELP = `  --strokes N          strokes in the painting, 1 to ${MAX_STROKES} (default ${D.strokes})
  --size N|full        working resolution: longer side in pixels, or full for the image's own size (default ${D.size})
  --type T             brush, oil, rect or ellipse; several comma-separated mix them (default ${D.type})
  --background B       white, black, mean (the image's mean colour) or #rrggbb (default ${D.background})
  --opaque             strokes with alpha 1 only, so a person can repaint it
  --bristles F         bristle texture of brush strokes, 0 (flat) to 1 (default ${D.bristles})
  --min-size F         smallest stroke, a fraction of the longer side in (0,1] (default ${D.minSize})
  --max-size F         largest stroke, a fraction of the longer side in (0,1] (default ${D.maxSize})
  --seed N             random seed; the same seed and options give the same strokes (default ${D.seed})
  --loss L             l2 or l1 (default ${D.loss})
  --process W          weight of the painting process in the loss: the canvas after 10/25/50/75% of the
                       strokes is optimized too, so every prefix is a picture (default ${D.process}; 0: final only)
  --long-range W       weight of a blurred-L2 term that pulls strokes towards missing paint (default ${D.longRange}, off)
  --stages N           coarse-to-fine stages (default ${D.stages})
  --steps N            optimization steps per stage (default ${D.stageSteps})
  --refine-steps N     steps of joint refinement of the strokes at the end (default ${D.refineSteps})
  --output-size N      longer side of painting.png in pixels (default: the input image's own,
                       up to ${OUTPUT_MAGNIFICATION}x the working size)
  --frames-every K     process frames (GIF, video, --frames): one every K strokes (default: about 60 frames)
  --frame-count N      ...or exactly N frames, spread evenly over the strokes (e.g. 8 for training videos)
  --frames             also write each frame to <out>/frames: NNNN.png and NNNN.json (the strokes up to it)
  --video FILE         also write the process as a video: FILE.mp4 (H.264) or FILE.webm (VP9), in --out
  --fps F              video frames per second (default 12)
  --hold S             seconds the finished painting stays at the end of the video (default 1)
  --video-size N       longer side of the video in pixels (default: the working size)
  --side-by-side       process frames show the target beside the painting
  --renderer R         ${RENDERER_CHOICES.join(', ')} (default auto: a GPU, else llvmpipe, else SwiftShader)
  --browser PATH       Chromium/Chrome to use (or set FUDE_CHROME)`;

type Flag = { type: 'string' } | { type: 'boolean' };
const s: Flag = { type: 'string' }, b: Flag = { type: 'boolean' };

/** parseArgs options of the paint flags. */
export const PAINT_FLAGS: Record<string, Flag> = {
  strokes: s, size: s, type: s, background: s, opaque: b, bristles: s, 'min-size': s, 'max-size': s, seed: s, loss: s, process: s, 'long-range': s,
  stages: s, steps: s, 'refine-steps': s, 'output-size': s, 'frames-every': s, 'frame-count': s, frames: b, video: s, fps: s, hold: s,
  'video-size': s, 'side-by-side': b, renderer: s, browser: s,
};

export const usage = (msg: string): never => { throw new FudeError('bad-option', `${msg} (see fude --help)`); };

export function num(v: string | boolean | undefined, name: string, integer: boolean): number | undefined {
  if (v === undefined || typeof v === 'boolean') return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) usage(`--${name} must be ${integer ? 'a whole number' : 'a number'}, got "${v}"`);
  return n;
}

export function renderer(v: string | boolean | undefined): RendererChoice | undefined {
  if (v !== undefined && !RENDERER_CHOICES.includes(v as RendererChoice)) usage(`--renderer must be one of ${RENDERER_CHOICES.join(', ')}, got "${v}"`);
  return v as RendererChoice | undefined;
}

type Values = Record<string, string | boolean | undefined>;
const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** The paint flags as options for a folder of outputs (paint, batch and queue jobs). */
export function paintFlags(v: Values): FolderJobOptions {
  return {
    strokes: num(v.strokes, 'strokes', true), size: v.size === 'full' ? 'full' : num(v.size, 'size', true),
    type: str(v.type)?.split(',').map((t) => t.trim()) as StrokeType[] | undefined,
    background: str(v.background), opaque: v.opaque === true ? true : undefined, bristles: num(v.bristles, 'bristles', false), minSize: num(v['min-size'], 'min-size', false), maxSize: num(v['max-size'], 'max-size', false),
    seed: num(v.seed, 'seed', true), loss: str(v.loss) as 'l1' | 'l2' | undefined, process: num(v.process, 'process', false), longRange: num(v['long-range'], 'long-range', false),
    stages: num(v.stages, 'stages', true), stageSteps: num(v.steps, 'steps', true), refineSteps: num(v['refine-steps'], 'refine-steps', true),
    outputSize: num(v['output-size'], 'output-size', true), framesEvery: num(v['frames-every'], 'frames-every', true), frameCount: num(v['frame-count'], 'frame-count', true),
    frames: v.frames === true ? true : undefined, video: str(v.video), fps: num(v.fps, 'fps', false), hold: num(v.hold, 'hold', false), videoSize: num(v['video-size'], 'video-size', true),
    sideBySide: v['side-by-side'] === true ? true : undefined, renderer: renderer(v.renderer), executablePath: str(v.browser),
  };
}

/** `--strokes -5` as `--strokes=-5`: parseArgs takes a negative number after an option for another option. */
export function joinNegatives(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (/^--[a-z-]+$/.test(args[i]) && /^-\d/.test(args[i + 1] ?? '')) { out.push(`${args[i]}=${args[i + 1]}`); i++; } else out.push(args[i]);
  }
  return out;
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') throw new FudeError('io', `cannot read ${file}: it is too large for a strokes file`);
    throw unreadable(file, e, 'no such file', 'the strokes file');
  }
}

export const EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Signals: the first asks the job to stop (it then writes what it has and exits with the signal's
 * code); a second, or a job that does not stop within `graceMs`, exits at once, and the exit hooks
 * (cleanup.ts) write the strokes so far and take the browser down.
 */
export function onSignals(stop: (signal: string) => void, graceMs = 8000): { signal(): string | null; dispose(): void } {
  let got: string | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (got) process.exit(EXIT[got]);
    got = signal;
    stop(signal);
    if (Number.isFinite(graceMs)) setTimeout(() => process.exit(EXIT[signal]), graceMs).unref();
  };
  for (const sig of Object.keys(EXIT)) process.on(sig, handler);
  return { signal: () => got, dispose: () => { for (const sig of Object.keys(EXIT)) process.off(sig, handler); } };
}

/** A progress line on stderr: rewritten in place on a terminal, every 5 s otherwise. */
export function progressLine(enabled: boolean): (line: string, final?: boolean, elapsedMs?: number) => void {
  const tty = process.stderr.isTTY;
  let last = -Infinity;
  return (line, final = false, elapsedMs = Date.now()) => {
    if (!enabled) return;
    if (tty) process.stderr.write(`\r${line}${final ? '\n' : ''}`);
    else if (elapsedMs - last > 5000 || final) { process.stderr.write(`${line}\n`); last = elapsedMs; }
  };
}

export const bar = (frac: number) => '#'.repeat(Math.round(Math.min(1, Math.max(0, frac)) * 24)).padEnd(24, '.');
export const duration = (ms: number) => (!Number.isFinite(ms) ? '?' : ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`);

/**
 * A line on strokes the finished painting does not show (relocation leaves none on a photograph at
 * the usual sizes), and what to change when the canvas is simply too small for so many strokes.
 */
export function hiddenStrokesNote({ invisible, strokes, width, height }: Pick<PaintSummary, 'invisible' | 'strokes' | 'width' | 'height'>): string | null {
  if (!invisible) return null;
  const note = `${invisible} of the ${strokes} strokes show less than ${MIN_VISIBLE_PX} px in the finished painting`;
  // fewer than 16 pixels a stroke: little room for each to show (a 5000-stroke painting at 64 px hides 95% of them)
  return strokes * 16 > width * height ? `${note}: a ${width}x${height} canvas is small for ${strokes} strokes (try a larger --size or fewer --strokes)` : note;
}
