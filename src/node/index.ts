// fude/node — the Node entry: the same engine and painter, run in headless Chromium through puppeteer-core.

// Browser: finding and launching a system Chromium/Chrome.
export { findBrowser, launchBrowser, LAUNCH_FLAGS } from './browser.js';
export type { BrowserOptions } from './browser.js';

// Sessions: a headless page with the fude bundle loaded (several jobs can share one browser).
export { openSession } from './session.js';
export type { Session, SessionOptions } from './session.js';

// Errors and strokes, re-exported for convenience.
export { FudeError, isFudeError } from '../errors.js';
export { packStrokes, unpackStrokes } from '../strokes/stroke.js';
export type { Stroke } from '../strokes/stroke.js';

// Painting and rendering from Node.
export { paint, render, renderProcess, readInput } from './jobs.js';
export type { NodePaintOptions, NodePainting, ImageInput, RenderRequest } from './jobs.js';
export { paintToFiles } from './paint-files.js';
export type { PaintFilesOptions, PaintSummary } from './paint-files.js';
export { encodePNG, decodePNG, encodeGIF } from './outputs.js';
export { toStrokesFile, parseStrokesFile } from '../strokes/file.js';
export type { StrokesFile } from '../strokes/file.js';
export { toSVG } from '../strokes/svg.js';
export { psnr, ssim } from '../paint/image.js';
export type { PaintOptions } from '../paint/options.js';
