// The fude command line: paint, render, and for many images batch, enqueue, worker and status. Every
// way out — done, bad input, Ctrl-C, SIGTERM, SIGHUP, a browser that dies — prints one line, keeps the
// strokes painted so far and leaves no browser behind.
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { FudeError, isFudeError } from '../errors.js';
import { parseStrokesFile } from '../strokes/file.js';
import { MAX_STROKES } from '../paint/options.js';
import type { PaintProgress } from '../paint/painting.js';
import { decodeIn, render } from './jobs.js';
import { openSession } from './session.js';
import { encodePNG } from './outputs.js';
import { profileFromMeta, withIccProfile } from './icc.js';
import { paintToFiles } from './paint-files.js';
import { makeDirs, writeAtomic } from './out-dir.js';
import { bar, EXIT, hiddenStrokesNote, joinNegatives, num, onSignals, PAINT_FLAGS, PAINT_OPTIONS_HELP, paintFlags, progressLine, readText, renderer, usage } from './cli-args.js';
import { batchCommand, enqueueCommand, statusCommand, workerCommand } from './cli-fleet.js';

const HELP = `fude — turn a picture into a painting: brush strokes found by gradient descent on the GPU.

Usage:
  fude paint <image> [options]              paint an image (PNG, JPEG, WebP, GIF, BMP)
  fude render <strokes.json> [options]      render a strokes file to PNG at any size
  fude batch <inputs>... --out DIR          paint many images, several at once, each into DIR/<name>/
  fude enqueue <inputs>... --out DIR --redis URL --queue NAME   one queue job per image (BullMQ on Redis)
  fude worker --redis URL --queue NAME [--jobs N]               paint queued jobs until stopped
  fude status --redis URL --queue NAME [--json]                 counts and throughput of a queue
  fude --help

<inputs> are images, folders (their images), list files (.txt, a path per line) or patterns (*.jpg).

paint writes <out>/painting.png, strokes.json, painting.svg and process.gif (and a video with --video).

paint options (also for batch and enqueue):
${PAINT_OPTIONS_HELP}
  --continue FILE      start from an existing strokes.json and add --strokes more strokes, over its background
                       unless --background says otherwise, on the picture it was painted from (paint only)
  --canvas IMAGE       paint the rest of a half-done picture: strokes go over IMAGE, not a flat colour (paint only)
  --out DIR            output directory (default out)
  --json               print a machine-readable summary on stdout
  --progress-json      print each progress report (about one a second) as a JSON line on stderr: phase, steps, PSNR, elapsedMs, etaMs

batch options:         --jobs N (images at once, default: the machine's cores)
enqueue options:       --attempts N (tries per job before it fails, default 3)
worker options:        --jobs N (jobs at once, default 1), --lock-ms MS (a dead worker's job returns after this, default 30000)

render options:
  --size N             longer side of the PNG in pixels (default: the canvas of the strokes file)
  --canvas IMAGE       the starting canvas the strokes were painted over (see paint --canvas)
  --out FILE           output PNG (default painting.png)
  --renderer R, --browser PATH   as for paint

Ctrl-C (or SIGTERM, SIGHUP) during paint stops it and writes strokes.json and painting.png of the strokes
painted so far; a second Ctrl-C quits at once, still writing strokes.json. A worker finishes the jobs under
way on SIGTERM, then exits. Exit codes: 0 done, 1 failed, 2 bad usage, 130/143/129 stopped by
SIGINT/SIGTERM/SIGHUP.
`;

async function paintCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegatives(args), allowPositionals: true, strict: true,
    options: { ...PAINT_FLAGS, continue: { type: 'string' }, canvas: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'progress-json': { type: 'boolean' } },
  });
  if (positionals.length !== 1) usage(positionals.length ? `paint takes one image, got ${positionals.length}` : 'paint needs an image: fude paint <image>');
  const controller = new AbortController();
  const signals = onSignals(() => {
    process.stderr.write('\nfude: stopping; writing the strokes painted so far (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  const line = progressLine(!values.json);
  // for programs that run fude paint: every progress report as one JSON line on stderr
  const report = values['progress-json'] ? (p: PaintProgress) => process.stderr.write(`${JSON.stringify(p)}\n`) : undefined;
  try {
    const initial = values.continue ? parseStrokesFile(readText(values.continue), values.continue) : undefined;
    const summary = await paintToFiles(positionals[0], {
      ...paintFlags(values), initial, canvas: values.canvas, out: values.out ?? 'out', signal: controller.signal,
      onProgress: (p) => report ? report(p) : line(`[${bar(p.totalSteps ? p.step / p.totalSteps : 0)}] ${p.phase.padEnd(6)} strokes ${p.strokes}/${p.total}  PSNR ${p.psnr.toFixed(2)} dB  ${(p.elapsedMs / 1000).toFixed(1)}s, ~${(p.etaMs / 1000).toFixed(0)}s left`, p.phase === 'done', p.elapsedMs),
    });
    if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (summary.width === 0) console.log('stopped before painting started: nothing was painted');
    else {
      console.log(`${summary.aborted ? 'stopped early: ' : ''}${summary.strokes} strokes, PSNR ${summary.psnr.toFixed(2)} dB, SSIM ${summary.ssim.toFixed(3)}, ${summary.seconds.toFixed(1)} s on ${summary.renderer}`);
      console.log(`process: ${summary.processPsnr.map((p) => `${Math.round(p.fraction * 100)}% ${p.psnr.toFixed(2)} dB`).join(', ')}`);
      const hidden = hiddenStrokesNote(summary);
      if (hidden) console.log(hidden);
      console.log(`wrote ${Object.values(summary.files).join(', ')}`);
    }
    const signal = signals.signal();
    return signal ? EXIT[signal] : summary.aborted ? 130 : 0;
  } finally {
    signals.dispose();
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
  try {
    makeDirs(dirname(out) || '.');
  } catch (e) {
    throw new FudeError('io', `cannot write to ${dirname(out)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const signals = onSignals((s) => process.exit(EXIT[s]), 0); // nothing to keep: stop at once, cleanly
  const session = await openSession({ executablePath: values.browser, renderer: renderer(values.renderer) });
  try {
    const max = session.limits.maxRenderSize;
    if (size > max) throw new FudeError('bad-option', `--size ${size} is more than this GPU can render (${max} px per side on ${session.renderer})`);
    const scale = size / Math.max(W, H);
    const base = values.canvas ? await decodeIn(session, values.canvas, W, H) : undefined;
    const img = await render({ strokes: doc.strokes, width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)), background, base }, { session });
    writeAtomic(out, withIccProfile(encodePNG(img), profileFromMeta(doc.meta))); // as painting.png was
    console.log(`wrote ${out} (${img.width}x${img.height}, ${doc.strokes.length} strokes)`);
    return 0;
  } finally {
    signals.dispose();
    await session.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  paint: paintCommand, render: renderCommand, batch: batchCommand, enqueue: enqueueCommand, worker: workerCommand, status: statusCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') { process.stdout.write(HELP); return command ? 0 : 2; }
  if (rest.includes('--help') || rest.includes('-h')) { process.stdout.write(HELP); return 0; }
  const run = COMMANDS[command];
  if (!run) return usage(`unknown command "${command}": use ${Object.keys(COMMANDS).join(', ')}`);
  return run(rest);
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
