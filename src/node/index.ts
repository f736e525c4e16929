// fude/node — the Node entry: the same engine and painter, run in headless Chromium through puppeteer-core.

// Painting and rendering from Node (each opens a browser unless given a session).
export { paint, render, renderProcess, readInput } from './jobs.js';
export type { NodePaintOptions, NodePainting, ImageInput, RenderRequest } from './jobs.js';
export { paintToFiles } from './paint-files.js';
export type { PaintFilesOptions, PaintSummary } from './paint-files.js';

// Sessions: a headless page with the fude bundle loaded; several jobs can share one.
export { openSession } from './session.js';
export type { Session, SessionOptions } from './session.js';
export { findBrowser, launchBrowser, RENDERER_CHOICES } from './browser.js';
export type { BrowserOptions, RendererChoice, RendererKind } from './browser.js';
export type { PageLimits } from '../bridge/protocol.js';

// Many images: on this machine, and across machines through a BullMQ queue on Redis.
export { paintBatch, expandInputs, readManifest } from './batch.js';
export type { BatchOptions, BatchSummary, BatchProgress, ManifestRecord } from './batch.js';
export { enqueue, createWorker, queueStatus } from './queue.js';
export type { EnqueueOptions, WorkerOptions, FudeWorker, QueueStatus, QueueAddress, PaintJobData } from './queue.js';
export { renderFrames, renderGif, renderVideo } from './jobs.js';
export type { VideoOptions, VideoFormat } from '../video/encode.js';

// Files: PNG and GIF encoders, strokes.json and SVG.
export { encodePNG, decodePNG, encodeGIF } from './outputs.js';
export type { GifOptions } from './outputs.js';
export { toStrokesFile, parseStrokesFile } from '../strokes/file.js';
export type { StrokesFile } from '../strokes/file.js';
export { toSVG } from '../strokes/svg.js';

// Shared with the browser library.
export { FudeError, isFudeError } from '../errors.js';
export type { FudeErrorCode } from '../errors.js';
export { packStrokes, unpackStrokes } from '../strokes/stroke.js';
export type { Stroke } from '../strokes/stroke.js';
export { DEFAULT_PAINT_OPTIONS, resolveOptions } from '../paint/options.js';
export type { PaintOptions } from '../paint/options.js';
export type { Painting, PaintProgress, ProcessPoint } from '../paint/painter.js';
export { psnr, ssim } from '../paint/image.js';
