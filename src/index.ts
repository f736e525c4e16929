// fude — the browser library. Node users import 'fude/node', which runs this same code in headless Chromium.

// Strokes: the parameter layout and plain-object strokes.
export { STROKE_TYPES, SLOTS, FLOATS_PER_STROKE, TYPE_ID, PARAM_GROUPS } from './strokes/layout.js';
export type { StrokeType, ParamGroup, SlotSpec } from './strokes/layout.js';
export { packStrokes, unpackStrokes } from './strokes/stroke.js';
export type { Stroke, BrushStroke, OilStroke, RectStroke, EllipseStroke, RGB } from './strokes/stroke.js';

// Engine: the differentiable renderer and the GPU optimizer.
export { createEngine } from './render/engine.js';
export type { Engine, EngineOptions, EngineSettings, LossKind } from './render/engine.js';
export { getGL, rendererName } from './render/gl.js';
export { DEFAULT_LEARNING_RATES, DEFAULT_BOUNDS, DEFAULT_ADAM } from './optim/spec.js';
export type { LearningRates, ParamBounds, AdamSettings } from './optim/spec.js';

// Errors: one type with a stable code.
export { FudeError, isFudeError } from './errors.js';
export type { FudeErrorCode } from './errors.js';

// GPU plumbing, for passes built on top of the engine (benchmarks, custom losses).
export { createPass, createTarget, runPass, readFloat, checkGL } from './render/gl.js';
export type { Target } from './render/gl.js';

// Benchmarks: the registry and the harness shared by the page and `npm run bench`.
export { engineCases, qualityCases } from './bench/registry.js';
export type { BenchCase, EngineCase, QualityCase } from './bench/registry.js';
export { runEngineCase, benchStrokes } from './bench/engine-bench.js';
export type { EngineRecord } from './bench/engine-bench.js';

// Painter: image in, ordered strokes out.
export { paint } from './paint/painter.js';
export type { Painting, PaintProgress, PaintControl } from './paint/painter.js';
export { DEFAULT_PAINT_OPTIONS, resolveOptions, parseBackground } from './paint/options.js';
export type { PaintOptions, Background } from './paint/options.js';
export { decodeImage, resizeImage, resizeTo } from './paint/decode.js';
export { psnr, ssim, toFloatImage, toByteImage } from './paint/image.js';
export type { ByteImage, FloatImage } from './paint/image.js';
export { renderStrokes, renderProcess } from './paint/render.js';
export type { RenderSpec } from './paint/render.js';

// Files: strokes.json and SVG.
export { toStrokesFile, parseStrokesFile, STROKES_FORMAT, STROKES_VERSION } from './strokes/file.js';
export type { StrokesFile } from './strokes/file.js';
export { toSVG } from './strokes/svg.js';
export { encodeGIF } from './paint/gif.js';

// Bridge: what the Node side uses to move images through the headless page.
export { bytesToBase64, base64ToBytes } from './bridge.js';
