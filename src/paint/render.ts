// Rendering a stroke list at any size, and the frames of its painting process.
import { createEngine } from '../render/engine.js';
import { packStrokes, type Stroke } from '../strokes/stroke.js';
import { toByteImage, type ByteImage } from './image.js';
import { resizeTo } from './decode.js';

export interface RenderSpec {
  strokes: Stroke[];
  /** Canvas size in pixels; any size with the painting's aspect ratio renders the same picture. */
  width: number;
  height: number;
  background: [number, number, number];
  /** A canvas image under the strokes instead of the flat background (resized to width x height). */
  base?: ByteImage;
}

function baseOf(spec: RenderSpec): [number, number, number] | Float32Array {
  if (!spec.base) return spec.background;
  const img = spec.base.width === spec.width && spec.base.height === spec.height ? spec.base : resizeTo(spec.base, spec.width, spec.height);
  return Float32Array.from(img.data, (v) => v / 255);
}

/** The painting: the strokes over the flat background, 1-pixel anti-aliased edges at this size. */
export function renderStrokes(gl: WebGL2RenderingContext, spec: RenderSpec): ByteImage {
  const engine = createEngine(gl, { width: spec.width, height: spec.height, capacity: Math.max(16, spec.strokes.length), settings: { sigma: 1 } });
  try {
    engine.setBase(baseOf(spec));
    engine.setStrokes(packStrokes(spec.strokes));
    engine.forward(false);
    return toByteImage({ width: spec.width, height: spec.height, data: engine.readCanvas() });
  } finally {
    engine.dispose();
  }
}

/**
 * The painting process: one frame after every `every` strokes (and the last), in painting order.
 * Each frame paints only its new strokes over the previous frame.
 */
export function renderProcess(gl: WebGL2RenderingContext, spec: RenderSpec, every: number): ByteImage[] {
  const step = Math.max(1, Math.floor(every));
  const engine = createEngine(gl, { width: spec.width, height: spec.height, capacity: step, settings: { sigma: 1 } });
  const frames: ByteImage[] = [];
  try {
    engine.setBase(baseOf(spec));
    for (let i = 0; i < spec.strokes.length; i += step) {
      engine.setStrokes(packStrokes(spec.strokes.slice(i, i + step)));
      engine.forward(false);
      frames.push(toByteImage({ width: spec.width, height: spec.height, data: engine.readCanvas() }));
      engine.freezeCanvas();
    }
    if (frames.length === 0) {
      engine.setStrokes(new Float32Array(0));
      engine.forward(false);
      frames.push(toByteImage({ width: spec.width, height: spec.height, data: engine.readCanvas() }));
    }
    return frames;
  } finally {
    engine.dispose();
  }
}
