// Paint an image and write every output file: what the CLI's `paint` command does, as a function.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { psnr, ssim } from '../paint/image.js';
import { toStrokesFile, type StrokesFile } from '../strokes/file.js';
import { toSVG } from '../strokes/svg.js';
import { FudeError } from '../errors.js';
import { paint, readInput, render, renderProcess, type ImageInput, type NodePaintOptions } from './jobs.js';
import { resolveOptions } from '../paint/options.js';
import { encodeGIF, encodePNG, ensureWritableDir, sideBySide, writeFrames } from './outputs.js';
import { openSession } from './session.js';

export interface PaintFilesOptions extends NodePaintOptions {
  /** Output directory (created if needed, checked for writing before painting starts). */
  out: string;
  /** Longer side of painting.png in pixels; defaults to the working size. */
  outputSize?: number;
  /** One GIF frame every this many strokes; defaults to about 60 frames. */
  framesEvery?: number;
  /** Also write numbered PNG frames to <out>/frames. */
  frames?: boolean;
  /** GIF and frames show the target beside the painting. */
  sideBySide?: boolean;
}

export interface PaintSummary {
  strokes: number;
  width: number;
  height: number;
  psnr: number;
  ssim: number;
  seconds: number;
  aborted: boolean;
  renderer: string;
  files: { png: string; strokes: string; svg: string; gif: string; frames?: string };
}

export async function paintToFiles(input: ImageInput, options: PaintFilesOptions): Promise<PaintSummary> {
  const { out, outputSize, framesEvery, frames, sideBySide: sbs, ...paintOptions } = options;
  if (outputSize !== undefined && (!Number.isInteger(outputSize) || outputSize < 1)) {
    throw new FudeError('bad-option', `output size must be a whole number of pixels >= 1, got ${outputSize}`);
  }
  if (framesEvery !== undefined && (!Number.isInteger(framesEvery) || framesEvery < 1)) {
    throw new FudeError('bad-option', `frames-every must be a whole number >= 1, got ${framesEvery}`);
  }
  const source = readInput(input); // read once, before a browser starts
  resolveOptions(paintOptions);
  ensureWritableDir(out);
  const session = options.session ?? (await openSession(options));
  try {
    const maxSize: number = await session.page.evaluate(() => document.createElement('canvas').getContext('webgl2')!.getParameter(0x0d33 /* MAX_TEXTURE_SIZE */));
    if (outputSize !== undefined && outputSize > maxSize) {
      throw new FudeError('bad-option', `output size ${outputSize} px is more than this GPU can render (${maxSize} px per side)`);
    }
    const painting = await paint(source, { ...paintOptions, session });
    const { width: W, height: H, background, strokes, target, base } = painting;
    const files: PaintSummary['files'] = {
      png: join(out, 'painting.png'), strokes: join(out, 'strokes.json'), svg: join(out, 'painting.svg'), gif: join(out, 'process.gif'),
    };
    // strokes.json first: whatever happens next, the strokes are safe
    const doc: StrokesFile = toStrokesFile({ width: W, height: H, background }, strokes, {
      generator: 'fude', source: typeof input === 'string' ? input : undefined,
      canvasImage: typeof options.canvas === 'string' ? options.canvas : options.canvas ? 'buffer' : undefined, psnr: painting.psnr, seconds: painting.seconds, aborted: painting.aborted,
      options: painting.options,
    });
    writeFileSync(files.strokes, JSON.stringify(doc, null, 1));
    const working = await render({ strokes, width: W, height: H, background, base }, { session });
    const scale = (outputSize ?? Math.max(W, H)) / Math.max(W, H);
    const big = scale === 1 ? working : await render({ strokes, width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)), background, base }, { session });
    writeFileSync(files.png, encodePNG(big));
    writeFileSync(files.svg, toSVG(W, H, background, strokes, base ? `data:image/png;base64,${encodePNG(base).toString('base64')}` : undefined));
    const every = framesEvery ?? Math.max(1, Math.ceil(strokes.length / 60));
    let process = await renderProcess({ strokes, width: W, height: H, background, base }, every, { session });
    if (sbs) process = process.map((f) => sideBySide(f, target));
    writeFileSync(files.gif, encodeGIF(process));
    if (frames) { files.frames = join(out, 'frames'); writeFrames(files.frames, process); }
    const toUnit = (d: ArrayLike<number>) => Float32Array.from(d, (v) => v / 255);
    const [a, b] = [toUnit(working.data), toUnit(target.data)];
    return {
      strokes: strokes.length, width: W, height: H, psnr: psnr(a, b), ssim: ssim(a, b, W, H), seconds: painting.seconds, aborted: painting.aborted,
      renderer: await session.renderer(), files,
    };
  } finally {
    if (!options.session) await session.close();
  }
}
