// Paint an image and write every output file: what the CLI's `paint` command does, as a function. The
// strokes painted so far are kept on every way out: strokes.json is written first, from the strokes
// the page streams as it paints, whether the painting finishes, is stopped, or its browser dies.
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { psnr, ssim, toFloatImage } from '../paint/image.js';
import { toStrokesFile, type StrokesFile } from '../strokes/file.js';
import { toSVG } from '../strokes/svg.js';
import { describeValue, FudeError, isFudeError } from '../errors.js';
import type { ProcessPoint, StrokeCanvas } from '../paint/painter.js';
import type { Stroke } from '../strokes/stroke.js';
import type { ByteImage } from '../paint/image.js';
import { NODE_PAINT_KEYS, paint, type ListsAll, readInput, render, renderFrames, renderGif, renderVideo, type ImageInput, type NodePaintOptions } from './jobs.js';
import { frameEnds } from '../paint/render.js';
import { DEFAULT_VIDEO, evenSize, videoFormatOf } from '../video/encode.js';
import { checkOptionNames, resolveOptions } from '../paint/options.js';
import { encodeGIF, encodePNG, sideBySide } from './outputs.js';
import { iccProfileOf, profileForMeta, withIccProfile } from './icc.js';
import { srgbTableFor, strokesInSrgb } from './srgb-table.js';
import { srgbConverter } from '../paint/srgb.js';
import { openSession, type Session } from './session.js';
import { claimOutDir, writeAtomic } from './out-dir.js';
import { onExit } from './cleanup.js';

export interface PaintFilesOptions extends NodePaintOptions {
  /** Output directory (created if needed, checked for writing and locked before painting starts). */
  out: string;
  /** Longer side of painting.png in pixels; defaults to the input image's own, up to OUTPUT_MAGNIFICATION times the working size (defaultOutputSide). */
  outputSize?: number;
  /** Process frames (GIF, video, frames/): one every this many strokes (default: about 60 frames)... */
  framesEvery?: number;
  /** ...or exactly this many, spread evenly (ProcessPainter's training videos have 8). */
  frameCount?: number;
  /** Also write each process frame to <out>/frames: NNNN.png and NNNN.json (the strokes up to it, a strokes file). */
  frames?: boolean;
  /** Also write the process as a video: a file name in <out> (or a path), .mp4 (H.264) or .webm (VP9). */
  video?: string;
  /** Video frames per second (default 12), seconds the finished painting holds at the end (default 1), longer side in px (default: the working size). */
  fps?: number;
  hold?: number;
  videoSize?: number;
  /** GIF and frames show the target beside the painting. */
  sideBySide?: boolean;
}

export interface PaintSummary {
  strokes: number;
  width: number;
  height: number;
  psnr: number;
  ssim: number;
  processPsnr: ProcessPoint[];
  seconds: number;
  aborted: boolean;
  relocated: number;
  invisible: number;
  unseen: number;
  /** Optimization steps run, and the most GPU texture bytes held at once. */
  steps: number;
  peakTextureBytes: number;
  renderer: string;
  files: { png: string; strokes: string; svg: string; gif: string; frames?: string; video?: string };
}

/** The strokes so far at their working size, on the session if it still works, else on a fresh one (within 20 s). */
async function renderAfterFailure(kept: { strokes: Stroke[]; canvas: StrokeCanvas }, session: Session, options: PaintFilesOptions) {
  const req = { strokes: kept.strokes, ...kept.canvas };
  const attempt = async () => {
    try {
      return await render(req, { session });
    } catch {
      const fresh = await openSession({ ...options, browser: undefined });
      try { return await render(req, { session: fresh }); } finally { await fresh.close(); }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), 20_000); });
  try { return await Promise.race([attempt(), timeout]); } finally { clearTimeout(timer); }
}

/**
 * painting.png's longer side unless outputSize says: the input's own, up to OUTPUT_MAGNIFICATION times
 * the working size (1024 px at the default 256, primitive's default output size too). Beyond that the
 * strokes gain only sharper edges, and the pixels cost: a 4000 px photograph painted at 256 px spent
 * 7.9 s of its command outside the painting (SwiftShader), 5 s of it rendering, sending and encoding
 * its 14 million pixels, against 2.3 s for a 640 px one. `--size full` paints at the input's size, so
 * its painting.png stays there; `fude render` or `--output-size` gives any size.
 */
export const OUTPUT_MAGNIFICATION = 4;
export const defaultOutputSide = (sourceSide: number, workingSide: number, maxRenderSize: number) =>
  Math.min(maxRenderSize, sourceSide, OUTPUT_MAGNIFICATION * workingSide);

/** What paintToFiles takes besides paint()'s options (PaintFilesOptions). */
const FILE_KEYS = ['out', 'outputSize', 'framesEvery', 'frameCount', 'frames', 'video', 'fps', 'hold', 'videoSize', 'sideBySide'] as const satisfies readonly Exclude<keyof PaintFilesOptions, keyof NodePaintOptions>[];
const fileKeysListed: ListsAll<Exclude<keyof PaintFilesOptions, keyof NodePaintOptions>, (typeof FILE_KEYS)[number]> = true;
/** Refuses a name that is no option of paintToFiles (batch and enqueue check theirs with it before any work). */
export const checkFileOptionNames = (options: object) => checkOptionNames(options, [...NODE_PAINT_KEYS, ...FILE_KEYS]);

export async function paintToFiles(input: ImageInput, options: PaintFilesOptions): Promise<PaintSummary> {
  checkFileOptionNames(options);
  const { out, outputSize, framesEvery, frameCount, frames, video, fps, hold, videoSize, sideBySide: sbs, ...paintOptions } = options;
  if (typeof out !== 'string' || out === '') throw new FudeError('bad-option', `paintToFiles needs options.out, the folder to write painting.png, strokes.json, painting.svg and process.gif in; got ${describeValue(out)}`);
  if (outputSize !== undefined && (!Number.isInteger(outputSize) || outputSize < 1)) {
    throw new FudeError('bad-option', `output size must be a whole number of pixels >= 1, got ${outputSize}`);
  }
  if (framesEvery !== undefined && (!Number.isInteger(framesEvery) || framesEvery < 1)) {
    throw new FudeError('bad-option', `frames-every must be a whole number >= 1, got ${framesEvery}`);
  }
  if (frameCount !== undefined && (!Number.isInteger(frameCount) || frameCount < 1 || frameCount > 10000)) {
    throw new FudeError('bad-option', `frame count must be a whole number from 1 to 10000, got ${frameCount}`);
  }
  if (videoSize !== undefined && (!Number.isInteger(videoSize) || videoSize < 16 || videoSize > 4096)) {
    throw new FudeError('bad-option', `video size must be a whole number of pixels from 16 to 4096, got ${videoSize}`);
  }
  const videoOptions = video ? { ...DEFAULT_VIDEO, format: videoFormatOf(video), ...(fps !== undefined ? { fps } : {}), ...(hold !== undefined ? { holdSeconds: hold } : {}) } : undefined;
  if (videoOptions && !(videoOptions.fps > 0 && videoOptions.fps <= 120)) throw new FudeError('bad-option', `fps must be in (0, 120], got ${videoOptions.fps}`);
  if (videoOptions && !(videoOptions.holdSeconds >= 0 && videoOptions.holdSeconds <= 600)) throw new FudeError('bad-option', `hold must be from 0 to 600 seconds, got ${videoOptions.holdSeconds}`);
  const source = readInput(input); // read once, before a browser starts
  // painting.png (and frames/) carry the input's colour profile: the painting shows as the photograph does (icc.ts)
  const icc = iccProfileOf(source.bytes);
  const pngOf = (img: ByteImage) => withIccProfile(encodePNG(img), icc);
  const resolved = resolveOptions(paintOptions);
  const lock = claimOutDir(out);
  const files: PaintSummary['files'] = { png: join(out, 'painting.png'), strokes: join(out, 'strokes.json'), svg: join(out, 'painting.svg'), gif: join(out, 'process.gif') };
  const meta = (extra: Record<string, unknown>) => ({
    generator: 'fude', source: typeof input === 'string' ? input : undefined,
    canvasImage: typeof options.canvas === 'string' ? options.canvas : options.canvas ? 'buffer' : undefined, options: resolved,
    colourProfile: profileForMeta(icc), ...extra,
  });
  // the strokes so far, as the page streams them: an exit at any moment writes them (see cleanup.ts)
  let latest: { strokes: Stroke[]; canvas: StrokeCanvas } | null = null;
  let saved = false;
  const savePartial = () => {
    if (saved || !latest) return;
    writeAtomic(files.strokes, JSON.stringify(toStrokesFile(latest.canvas, latest.strokes, meta({ aborted: true })), null, 1));
    saved = true;
  };
  const stopSaving = onExit(savePartial);
  let session: Session | undefined = options.session;
  try {
    session ??= await openSession(options);
    if (outputSize !== undefined && outputSize > session.limits.maxRenderSize) {
      throw new FudeError('bad-option', `output size ${outputSize} px is more than this GPU can render (${session.limits.maxRenderSize} px per side)`);
    }
    // the GIF, the video and the SVG carry no profile: their colours go to sRGB through a table the page
    // makes from the input's (paint/srgb.ts), meanwhile; a profile it cannot use leaves them as painted
    const srgbJob = srgbTableFor(session, icc?.profile).catch(() => undefined);
    let painting;
    try {
      painting = await paint(source, { ...paintOptions, session, onStrokes: (strokes, canvas) => { latest = { strokes, canvas }; options.onStrokes?.(strokes, canvas); } });
    } catch (e) {
      // the browser died or the page failed: keep what was painted (and its picture, when a browser
      // still renders), and say where it went
      if (latest) {
        const kept = latest as { strokes: Stroke[]; canvas: StrokeCanvas };
        savePartial();
        const png = await renderAfterFailure(kept, session, options).catch(() => null);
        if (png) writeAtomic(files.png, pngOf(png));
        if (isFudeError(e)) e.message += ` (${kept.strokes.length} strokes painted so far are in ${files.strokes}${png ? `, their picture in ${files.png}` : ''})`;
      }
      throw e;
    }
    const { width: W, height: H, background, strokes, target, base } = painting;
    if (W === 0) { // stopped before it started: the strokes so far are the ones it was given
      savePartial();
      return { strokes: strokes.length, width: 0, height: 0, psnr: NaN, ssim: NaN, processPsnr: [], seconds: 0, aborted: true, relocated: 0, invisible: 0, unseen: 0, steps: 0, peakTextureBytes: 0, renderer: session.renderer, files: { ...files } };
    }
    // strokes.json first: whatever happens next, the strokes are safe
    const doc: StrokesFile = toStrokesFile({ width: W, height: H, background }, strokes, meta({
      psnr: painting.psnr, processPsnr: painting.processPsnr, seconds: painting.seconds, aborted: painting.aborted,
      relocated: painting.relocated, invisible: painting.invisible, unseen: painting.unseen, renderer: session.renderer,
    }));
    writeAtomic(files.strokes, JSON.stringify(doc, null, 1));
    saved = true;
    // The page renders painting.png's pixels, then the process frames (one set for the GIF, frames/
    // and the video; the last is the painting at the working size; without frames/ or the target
    // beside them the page encodes the GIF itself and sends only it and the painting). Node writes
    // each file while the page works on the next: 0.1 s of a CLI run.
    const ends = frameEnds(strokes.length, frameCount !== undefined ? { frames: frameCount } : { every: framesEvery });
    const spec = { strokes, width: W, height: H, background, base };
    const longer = outputSize ?? defaultOutputSide(Math.max(painting.sourceWidth, painting.sourceHeight), Math.max(W, H), session.limits.maxRenderSize);
    const scale = longer / Math.max(W, H);
    const bigJob = scale === 1 ? undefined : render({ ...spec, width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)) }, { session });
    const srgb = await srgbJob;
    const processJob = frames || sbs
      ? renderFrames(spec, ends, { session }).then((raw) => ({ working: raw[raw.length - 1], frames: sbs ? raw.map((f) => sideBySide(f, target)) : raw, gif: undefined }))
      : renderGif(spec, ends, { session, iccProfile: srgb && icc?.profile }).then(({ gif, last }) => ({ working: last, frames: [] as ByteImage[], gif }));
    bigJob?.catch(() => {}); processJob.catch(() => {}); // awaited below, where a failure is thrown
    const svg = srgb ? { ...strokesInSrgb(srgb, strokes, background), base: base && srgbConverter(srgb)(base) } : { strokes, background, base };
    writeAtomic(files.svg, toSVG(W, H, svg.background, svg.strokes, svg.base ? `data:image/png;base64,${encodePNG(svg.base).toString('base64')}` : undefined));
    if (bigJob) writeAtomic(files.png, pngOf(await bigJob));
    const { working, frames: process, gif } = await processJob;
    writeAtomic(files.gif, gif ?? encodeGIF(process, { shownAs: srgb }));
    if (!bigJob) writeAtomic(files.png, pngOf(working));
    if (frames) {
      files.frames = join(out, 'frames');
      mkdirSync(files.frames, { recursive: true });
      process.forEach((f, i) => {
        const name = join(files.frames!, String(i).padStart(4, '0'));
        writeAtomic(`${name}.png`, pngOf(f));
        writeAtomic(`${name}.json`, JSON.stringify(toStrokesFile({ width: W, height: H, background }, strokes.slice(0, ends[i]), { frame: i, strokes: ends[i], of: strokes.length })));
      });
    }
    if (video && videoOptions) {
      files.video = isAbsolute(video) || dirname(video) !== '.' ? video : join(out, video);
      const scale = (videoSize ?? Math.max(W, H)) / Math.max(W, H);
      const size = { width: evenSize(Math.round(W * scale)), height: evenSize(Math.round(H * scale)) };
      writeAtomic(files.video, await renderVideo({ strokes, ...size, background, base }, ends, videoOptions, { session, iccProfile: srgb && icc?.profile }));
    }
    const [a, b] = [toFloatImage(working).data, toFloatImage(target).data];
    return {
      strokes: strokes.length, width: W, height: H, psnr: psnr(a, b), ssim: ssim(a, b, W, H), processPsnr: painting.processPsnr,
      seconds: painting.seconds, aborted: painting.aborted, relocated: painting.relocated, invisible: painting.invisible, unseen: painting.unseen, steps: painting.steps, peakTextureBytes: painting.peakTextureBytes,
      renderer: session.renderer, files,
    };
  } finally {
    stopSaving();
    lock.release();
    if (!options.session) await session?.close();
  }
}
