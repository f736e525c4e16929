// The fude command line: `fude paint <image>` and `fude render <strokes.json>` (batch and queue
// commands live in their own modules). Every way out — done, bad input, Ctrl-C, SIGTERM, SIGHUP, a
// browser that dies — prints one line, keeps the strokes painted so far and leaves no browser behind.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { FudeError, isFudeError } from '../errors.js';
import { parseStrokesFile } from '../strokes/file.js';
import type { PaintProgress } from '../paint/painter.js';
import type { StrokeType } from '../strokes/layout.js';
import { DEFAULT_PAINT_OPTIONS, MAX_STROKES } from '../paint/options.js';
import { RENDERER_CHOICES, type RendererChoice } from './browser.js';
import { decodeIn, render } from './jobs.js';
import { openSession } from './session.js';
import { encodePNG } from './outputs.js';
import { paintToFiles } from './paint-files.js';
import { writeAtomic } from './out-dir.js';

const D = DEFAULT_PAINT_OPTIONS;
const HELP = `fude — turn a picture into a painting: brush strokes found by gradient descent on the GPU.

Usage:
  fude paint <image> [options]         paint an image (PNG, JPEG, WebP, GIF, BMP)
  fude render <strokes.json> [options] render a strokes file to PNG at any size
  fude --help

paint writes <out>/painting.png, strokes.json, painting.svg and process.gif (and a video with --video).

paint options:
  --strokes N          strokes in the painting, 1 to ${MAX_STROKES} (default ${D.strokes})
  --size N|full        working resolution: longer side in pixels, or full for the image's own size (default ${D.size})
  --type T             brush, oil, rect or ellipse; several comma-separated mix them (default ${D.type})
  --background B       white, black, mean (the image's mean colour) or #rrggbb (default ${D.background})
  --opaque             strokes with alpha 1 only, so a person can repaint it
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
  --continue FILE      start from an existing strokes.json and add --strokes more strokes
  --canvas IMAGE       paint the rest of a half-done picture: strokes go over IMAGE, not a flat colour
  --out DIR            output directory (default out)
  --output-size N      longer side of painting.png in pixels (default: the input image's own)
  --frames-every K     process frames (GIF, video, --frames): one every K strokes (default: about 60 frames)
  --frame-count N      ...or exactly N frames, spread evenly over the strokes (e.g. 8 for training videos)
  --frames             also write each frame to <out>/frames: NNNN.png and NNNN.json (the strokes up to it)
  --video FILE         also write the process as a video: FILE.mp4 (H.264) or FILE.webm (VP9), in --out
  --fps F              video frames per second (default 12)
  --hold S             seconds the finished painting stays at the end of the video (default 1)
  --video-size N       longer side of the video in pixels (default: the working size)
  --side-by-side       process frames show the target beside the painting
  --json               print a machine-readable summary on stdout
  --renderer R         ${RENDERER_CHOICES.join(', ')} (default auto: a GPU, else llvmpipe, else SwiftShader)
  --browser PATH       Chromium/Chrome to use (or set FUDE_CHROME)

render options:
  --size N             longer side of the PNG in pixels (default: the canvas of the strokes file)
  --canvas IMAGE       the starting canvas the strokes were painted over (see paint --canvas)
  --out FILE           output PNG (default painting.png)
  --renderer R, --browser PATH   as for paint

Ctrl-C (or SIGTERM, SIGHUP) during paint stops it and writes strokes.json and painting.png of the strokes
painted so far; a second Ctrl-C quits at once, still writing strokes.json. Exit codes: 0 done, 1 failed,
2 bad usage, 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP.
`;

const usage = (msg: string): never => { throw new FudeError('bad-option', `${msg} (see fude --help)`); };

function num(v: string | undefined, name: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) usage(`--${name} must be ${integer ? 'a whole number' : 'a number'}, got "${v}"`);
  return n;
}

/** `--strokes -5` as `--strokes=-5`: parseArgs takes a negative number after an option for another option. */
function joinNegatives(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (/^--[a-z-]+$/.test(args[i]) && /^-\d/.test(args[i + 1] ?? '')) { out.push(`${args[i]}=${args[i + 1]}`); i++; } else out.push(args[i]);
  }
  return out;
}

function renderer(v: string | undefined): RendererChoice | undefined {
  if (v !== undefined && !RENDERER_CHOICES.includes(v as RendererChoice)) usage(`--renderer must be one of ${RENDERER_CHOICES.join(', ')}, got "${v}"`);
  return v as RendererChoice | undefined;
}

const EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Signals: the first asks the job to stop (it then writes what it has and exits with the signal's
 * code); a second, or a job that does not stop within `graceMs`, exits at once, and the exit hooks
 * (cleanup.ts) write the strokes so far and take the browser down.
 */
function onSignals(stop: (signal: string) => void, graceMs = 8000): { signal(): string | null; dispose(): void } {
  let got: string | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (got) process.exit(EXIT[got]);
    got = signal;
    stop(signal);
    setTimeout(() => process.exit(EXIT[signal]), graceMs).unref();
  };
  for (const s of Object.keys(EXIT)) process.on(s, handler);
  return { signal: () => got, dispose: () => { for (const s of Object.keys(EXIT)) process.off(s, handler); } };
}

function progressPrinter(enabled: boolean): (p: PaintProgress) => void {
  const tty = process.stderr.isTTY;
  let lastLine = -Infinity; // print the first line at once, then every 5 s
  return (p) => {
    if (!enabled) return;
    const frac = p.totalSteps ? p.step / p.totalSteps : 0;
    const bar = '#'.repeat(Math.round(frac * 24)).padEnd(24, '.');
    const line = `[${bar}] ${p.phase.padEnd(6)} strokes ${p.strokes}/${p.total}  PSNR ${p.psnr.toFixed(2)} dB  ${(p.elapsedMs / 1000).toFixed(1)}s, ~${(p.etaMs / 1000).toFixed(0)}s left`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (p.elapsedMs - lastLine > 5000 || p.phase === 'done') { process.stderr.write(`${line}\n`); lastLine = p.elapsedMs; }
    if (tty && p.phase === 'done') process.stderr.write('\n');
  };
}

async function paintCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegatives(args), allowPositionals: true, strict: true,
    options: {
      strokes: { type: 'string' }, size: { type: 'string' }, type: { type: 'string' }, background: { type: 'string' },
      opaque: { type: 'boolean' }, 'min-size': { type: 'string' }, 'max-size': { type: 'string' }, seed: { type: 'string' },
      loss: { type: 'string' }, process: { type: 'string' }, 'long-range': { type: 'string' }, stages: { type: 'string' }, steps: { type: 'string' }, 'refine-steps': { type: 'string' },
      continue: { type: 'string' }, canvas: { type: 'string' }, out: { type: 'string' }, 'output-size': { type: 'string' }, 'frames-every': { type: 'string' }, 'frame-count': { type: 'string' },
      video: { type: 'string' }, fps: { type: 'string' }, hold: { type: 'string' }, 'video-size': { type: 'string' },
      frames: { type: 'boolean' }, 'side-by-side': { type: 'boolean' }, json: { type: 'boolean' }, browser: { type: 'string' }, renderer: { type: 'string' },
    },
  });
  if (positionals.length !== 1) usage(positionals.length ? `paint takes one image, got ${positionals.length}` : 'paint needs an image: fude paint <image>');
  const controller = new AbortController();
  const signals = onSignals(() => {
    process.stderr.write('\nfude: stopping; writing the strokes painted so far (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  try {
    const initial = values.continue ? parseStrokesFile(readText(values.continue), values.continue) : undefined;
    const summary = await paintToFiles(positionals[0], {
      strokes: num(values.strokes, 'strokes', true), size: values.size === 'full' ? 'full' : num(values.size, 'size', true),
      type: values.type?.split(',').map((t) => t.trim()) as StrokeType[] | undefined,
      background: values.background, opaque: values.opaque, minSize: num(values['min-size'], 'min-size', false), maxSize: num(values['max-size'], 'max-size', false),
      seed: num(values.seed, 'seed', true), loss: values.loss as 'l1' | 'l2' | undefined, process: num(values.process, 'process', false), longRange: num(values['long-range'], 'long-range', false),
      stages: num(values.stages, 'stages', true), stageSteps: num(values.steps, 'steps', true), refineSteps: num(values['refine-steps'], 'refine-steps', true),
      initial, canvas: values.canvas, out: values.out ?? 'out', outputSize: num(values['output-size'], 'output-size', true), framesEvery: num(values['frames-every'], 'frames-every', true),
      frameCount: num(values['frame-count'], 'frame-count', true), video: values.video, fps: num(values.fps, 'fps', false), hold: num(values.hold, 'hold', false), videoSize: num(values['video-size'], 'video-size', true),
      frames: values.frames, sideBySide: values['side-by-side'], executablePath: values.browser, renderer: renderer(values.renderer),
      signal: controller.signal, onProgress: progressPrinter(!values.json),
    });
    if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (summary.width === 0) console.log('stopped before painting started: nothing was painted');
    else {
      console.log(`${summary.aborted ? 'stopped early: ' : ''}${summary.strokes} strokes, PSNR ${summary.psnr.toFixed(2)} dB, SSIM ${summary.ssim.toFixed(3)}, ${summary.seconds.toFixed(1)} s on ${summary.renderer}`);
      console.log(`process: ${summary.processPsnr.map((p) => `${Math.round(p.fraction * 100)}% ${p.psnr.toFixed(2)} dB`).join(', ')}`);
      console.log(`wrote ${Object.values(summary.files).join(', ')}`);
    }
    const signal = signals.signal();
    return signal ? EXIT[signal] : summary.aborted ? 130 : 0;
  } finally {
    signals.dispose();
  }
}

function mkdirOut(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new FudeError('io', `cannot write to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FudeError('io', `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'ERR_STRING_TOO_LONG' ? 'it is too large for a strokes file' : (e as Error).message}`);
  }
}

async function renderCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegatives(args), allowPositionals: true, strict: true,
    options: { size: { type: 'string' }, out: { type: 'string' }, canvas: { type: 'string' }, browser: { type: 'string' }, renderer: { type: 'string' } },
  });
  if (positionals.length !== 1) usage('render needs one strokes file: fude render <strokes.json>');
  const doc = parseStrokesFile(readText(positionals[0]), positionals[0]);
  if (doc.strokes.length > MAX_STROKES) throw new FudeError('bad-input', `${positionals[0]} holds ${doc.strokes.length} strokes; fude renders at most ${MAX_STROKES}`);
  const { width: W, height: H, background } = doc.canvas;
  const size = num(values.size, 'size', true) ?? Math.max(W, H);
  if (size < 1) usage(`--size must be at least 1 pixel, got ${size}`);
  const out = values.out ?? 'painting.png';
  mkdirOut(dirname(out) || '.');
  const signals = onSignals((s) => process.exit(EXIT[s]), 0); // nothing to keep: stop at once, cleanly
  const session = await openSession({ executablePath: values.browser, renderer: renderer(values.renderer) });
  try {
    const max = session.limits.maxRenderSize;
    if (size > max) throw new FudeError('bad-option', `--size ${size} is more than this GPU can render (${max} px per side on ${session.renderer})`);
    const scale = size / Math.max(W, H);
    const base = values.canvas ? await decodeIn(session, values.canvas, W, H) : undefined;
    const img = await render({ strokes: doc.strokes, width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)), background, base }, { session });
    writeAtomic(out, encodePNG(img));
    console.log(`wrote ${out} (${img.width}x${img.height}, ${doc.strokes.length} strokes)`);
    return 0;
  } finally {
    signals.dispose();
    await session.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') { process.stdout.write(HELP); return command ? 0 : 2; }
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(HELP); return 0; }
  if (command === 'paint') return paintCommand(rest);
  if (command === 'render') return renderCommand(rest);
  return usage(`unknown command "${command}": use paint or render`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (isFudeError(e)) {
      console.error(`fude: ${e.message}${e.code === 'internal' && process.env.FUDE_DEBUG ? `\n${e.stack}` : ''}`);
      process.exit(e.code === 'bad-option' ? 2 : 1);
    }
    if ((e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      console.error(`fude: ${(e as Error).message} (see fude --help)`);
      process.exit(2);
    }
    console.error(`fude: internal error: ${(e as Error)?.message ?? e}${process.env.FUDE_DEBUG ? `\n${(e as Error)?.stack}` : ' (set FUDE_DEBUG=1 for details)'}`);
    process.exit(1);
  },
);
