// The fude command line: `fude paint <image>` and `fude render <strokes.json>`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { FudeError, isFudeError } from '../errors.js';
import { parseStrokesFile } from '../strokes/file.js';
import type { PaintProgress } from '../paint/painter.js';
import type { StrokeType } from '../strokes/layout.js';
import { decodeIn, render } from './jobs.js';
import { openSession } from './session.js';
import { encodePNG, ensureWritableDir } from './outputs.js';
import { paintToFiles } from './paint-files.js';

const HELP = `fude — turn a picture into a painting: brush strokes found by gradient descent on the GPU.

Usage:
  fude paint <image> [options]         paint an image (PNG, JPEG, WebP, GIF, BMP)
  fude render <strokes.json> [options] render a strokes file to PNG at any size
  fude --help

paint writes <out>/painting.png, strokes.json, painting.svg and process.gif.

paint options:
  --strokes N          strokes in the painting (default 500)
  --size N             working resolution: longer side in pixels (default 256)
  --type T             brush, oil, rect or ellipse; several comma-separated mix them (default rect)
  --background B       white, black, mean (the image's mean colour) or #rrggbb (default mean)
  --opaque             strokes with alpha 1 only, so a person can repaint it
  --min-size F         smallest stroke, a fraction of the longer side in (0,1] (default 0.01)
  --max-size F         largest stroke, a fraction of the longer side in (0,1] (default 0.5)
  --seed N             random seed; the same seed and options give the same strokes (default 1)
  --loss L             l2 or l1 (default l2)
  --long-range W       weight of a blurred-L2 term that pulls strokes towards missing paint (default 0, off)
  --stages N           coarse-to-fine stages (default 10)
  --steps N            mean optimization steps per stage (default 45)
  --refine-steps N     steps of joint refinement of the strokes at the end (default 80)
  --continue FILE      start from an existing strokes.json and add --strokes more strokes
  --canvas IMAGE       paint the rest of a half-done picture: strokes go over IMAGE, not a flat colour
  --out DIR            output directory (default out)
  --output-size N      longer side of painting.png in pixels (default: the working size)
  --frames-every K     one process frame every K strokes (default: about 60 frames)
  --frames             also write numbered PNG frames to <out>/frames
  --side-by-side       process frames show the target beside the painting
  --json               print a machine-readable summary on stdout
  --browser PATH       Chromium/Chrome to use (or set FUDE_CHROME)

render options:
  --size N             longer side of the PNG in pixels (default: the canvas of the strokes file)
  --canvas IMAGE       the starting canvas the strokes were painted over (see paint --canvas)
  --out FILE           output PNG (default painting.png)
  --browser PATH       Chromium/Chrome to use

Ctrl-C during paint keeps strokes.json and painting.png of the strokes painted so far.
`;

const usage = (msg: string): never => { throw new FudeError('bad-option', `${msg} (see fude --help)`); };

function num(v: string | undefined, name: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) usage(`--${name} must be ${integer ? 'a whole number' : 'a number'}, got "${v}"`);
  return n;
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
    args, allowPositionals: true, strict: true,
    options: {
      strokes: { type: 'string' }, size: { type: 'string' }, type: { type: 'string' }, background: { type: 'string' },
      opaque: { type: 'boolean' }, 'min-size': { type: 'string' }, 'max-size': { type: 'string' }, seed: { type: 'string' },
      loss: { type: 'string' }, 'long-range': { type: 'string' }, stages: { type: 'string' }, steps: { type: 'string' }, 'refine-steps': { type: 'string' },
      continue: { type: 'string' }, canvas: { type: 'string' }, out: { type: 'string' }, 'output-size': { type: 'string' }, 'frames-every': { type: 'string' },
      frames: { type: 'boolean' }, 'side-by-side': { type: 'boolean' }, json: { type: 'boolean' }, browser: { type: 'string' },
    },
  });
  if (positionals.length !== 1) usage(positionals.length ? `paint takes one image, got ${positionals.length}` : 'paint needs an image: fude paint <image>');
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nfude: stopping; writing the strokes painted so far (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const initial = values.continue ? parseStrokesFile(readText(values.continue), values.continue) : undefined;
  const summary = await paintToFiles(positionals[0], {
    strokes: num(values.strokes, 'strokes', true), size: num(values.size, 'size', true),
    type: values.type?.split(',').map((t) => t.trim()) as StrokeType[] | undefined,
    background: values.background, opaque: values.opaque, minSize: num(values['min-size'], 'min-size', false), maxSize: num(values['max-size'], 'max-size', false),
    seed: num(values.seed, 'seed', true), loss: values.loss as 'l1' | 'l2' | undefined, longRange: num(values['long-range'], 'long-range', false),
    stages: num(values.stages, 'stages', true), stageSteps: num(values.steps, 'steps', true), refineSteps: num(values['refine-steps'], 'refine-steps', true),
    initial, canvas: values.canvas, out: values.out ?? 'out', outputSize: num(values['output-size'], 'output-size', true), framesEvery: num(values['frames-every'], 'frames-every', true),
    frames: values.frames, sideBySide: values['side-by-side'], executablePath: values.browser,
    signal: controller.signal, onProgress: progressPrinter(!values.json),
  });
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    console.log(`${summary.aborted ? 'stopped early: ' : ''}${summary.strokes} strokes, PSNR ${summary.psnr.toFixed(2)} dB, SSIM ${summary.ssim.toFixed(3)}, ${summary.seconds.toFixed(1)} s`);
    console.log(`wrote ${Object.values(summary.files).join(', ')}`);
  }
  return summary.aborted ? 130 : 0;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new FudeError('io', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

async function renderCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { size: { type: 'string' }, out: { type: 'string' }, canvas: { type: 'string' }, browser: { type: 'string' } },
  });
  if (positionals.length !== 1) usage('render needs one strokes file: fude render <strokes.json>');
  const doc = parseStrokesFile(readText(positionals[0]), positionals[0]);
  const { width: W, height: H, background } = doc.canvas;
  const size = num(values.size, 'size', true) ?? Math.max(W, H);
  if (size < 1 || size > 16384) usage(`--size must be from 1 to 16384 pixels, got ${size}`);
  const out = values.out ?? 'painting.png';
  ensureWritableDir(dirname(out) || '.');
  const scale = size / Math.max(W, H);
  const session = await openSession({ executablePath: values.browser });
  let img;
  try {
    const base = values.canvas ? await decodeIn(session, values.canvas, W, H) : undefined;
    img = await render({ strokes: doc.strokes, width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)), background, base }, { session });
  } finally {
    await session.close();
  }
  mkdirSync(dirname(out) || '.', { recursive: true });
  writeFileSync(out, encodePNG(img));
  console.log(`wrote ${out} (${img.width}x${img.height}, ${doc.strokes.length} strokes)`);
  return 0;
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
      console.error(`fude: ${e.message}`);
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
