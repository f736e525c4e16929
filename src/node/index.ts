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
