// fude — the browser library: a picture in, an ordered list of brush strokes out, painted by gradient
// descent in WebGL2. Node users import 'fude/node', which runs this same code in headless Chromium.

// Painting: image in, ordered strokes out.
export { paint } from './paint/painter.js';
export type { Painting, PaintProgress, PaintControl, ProcessPoint, StrokeCanvas } from './paint/painter.js';
export { DEFAULT_PAINT_OPTIONS, MAX_STROKES, SIZE_RANGE, LR_RANGE, resolveOptions } from './paint/options.js';
export type { PaintOptions, Background } from './paint/options.js';
export { PROCESS_FRACTIONS } from './paint/schedule.js';

// Rendering strokes at any size, and the frames of the painting process.
export { renderStrokes, renderProcess } from './paint/render.js';
export type { RenderSpec, Tile } from './paint/render.js';

// Images in and measures out.
export { decodeImage } from './paint/decode.js';
export { psnr, ssim } from './paint/image.js';
export type { ByteImage, FloatImage } from './paint/image.js';

// Strokes, their files and their vector form.
export { STROKE_TYPES } from './strokes/layout.js';
export type { StrokeType } from './strokes/layout.js';
export { packStrokes, unpackStrokes } from './strokes/stroke.js';
export type { Stroke, BrushStroke, OilStroke, RectStroke, EllipseStroke, RGB } from './strokes/stroke.js';
export { toStrokesFile, parseStrokesFile, STROKES_FORMAT, STROKES_VERSION } from './strokes/file.js';
export type { StrokesFile } from './strokes/file.js';
export { toSVG } from './strokes/svg.js';
export { encodeGIF } from './paint/gif.js';
export type { GifOptions } from './paint/gif.js';

// The engine, for custom painters: the differentiable renderer and the GPU optimizer.
export { createEngine } from './render/engine.js';
export type { Engine, EngineOptions, EngineSettings, EngineStats, LossKind, OptimizerState, PaintingFrame, PrefixTerm } from './render/engine.js';
export { getGL, rendererName } from './render/gl.js';
export { DEFAULT_LEARNING_RATES, DEFAULT_BOUNDS, DEFAULT_ADAM } from './optim/spec.js';
export type { LearningRates, ParamBounds, AdamSettings } from './optim/spec.js';

// Errors: one type with a stable code.
export { FudeError, isFudeError } from './errors.js';
export type { FudeErrorCode } from './errors.js';
