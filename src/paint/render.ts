// Rendering a stroke list at any size (tile by tile when large), and the frames of its painting process.
import { createEngine, type Engine } from '../render/engine.js';
import { packStrokes, type Stroke } from '../strokes/stroke.js';
import type { ByteImage } from './image.js';
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

/** A rectangle of the canvas. */
export interface Tile { x: number; y: number; width: number; height: number }

/** Strokes composited per pass: each pass walks at most this many, over the canvas of the ones before. */
const BATCH = 2048;
/** Largest tile side rendered in one pass (a 2048² RGBA32F canvas and its base: 128 MB). */
export const RENDER_TILE = 2048;

/** The tiles that cover a width x height canvas, row by row. */
export function renderTiles(width: number, height: number, side = RENDER_TILE): Tile[] {
  const tiles: Tile[] = [];
  for (let y = 0; y < height; y += side) for (let x = 0; x < width; x += side) tiles.push({ x, y, width: Math.min(side, width - x), height: Math.min(side, height - y) });
  return tiles;
}

function baseOf(spec: RenderSpec, tile: Tile): [number, number, number] | Float32Array {
  if (!spec.base) return spec.background;
  const img = spec.base.width === spec.width && spec.base.height === spec.height ? spec.base : resizeTo(spec.base, spec.width, spec.height);
  const out = new Float32Array(tile.width * tile.height * 4);
  for (let y = 0; y < tile.height; y++) for (let x = 0; x < tile.width * 4; x++) out[y * tile.width * 4 + x] = img.data[((tile.y + y) * spec.width + tile.x) * 4 + x] / 255;
  return out;
}

/** An engine on `tile` of the painting with its base set, at a 1-pixel edge. */
function tileEngine(gl: WebGL2RenderingContext, spec: RenderSpec, tile: Tile, capacity: number): Engine {
  const engine = createEngine(gl, { width: tile.width, height: tile.height, painting: { width: spec.width, height: spec.height, x: tile.x, y: tile.y }, capacity, settings: { sigma: 1 } });
  engine.setBase(baseOf(spec, tile));
  return engine;
}

/** The painting (or one tile of it): the strokes over the flat background, 1-pixel anti-aliased edges at this size. */
export function renderStrokes(gl: WebGL2RenderingContext, spec: RenderSpec, tile: Tile = { x: 0, y: 0, width: spec.width, height: spec.height }): ByteImage {
  const engine = tileEngine(gl, spec, tile, Math.min(BATCH, Math.max(16, spec.strokes.length)));
  try {
    for (let i = 0; i < spec.strokes.length; i += BATCH) {
      if (i > 0) engine.freezeCanvas();
      engine.setStrokes(packStrokes(spec.strokes.slice(i, i + BATCH)));
    }
    return { width: tile.width, height: tile.height, data: engine.readCanvasBytes() };
  } finally {
    engine.dispose();
  }
}

/** Which frames show the process: after every `every` strokes, or exactly `frames` frames spread evenly; the last is the painting. */
export function frameEnds(strokes: number, pick: { every?: number; frames?: number }): number[] {
  if (strokes === 0) return [0];
  if (pick.frames !== undefined) {
    const n = Math.max(1, Math.floor(pick.frames));
    return Array.from({ length: n }, (_, k) => Math.round(((k + 1) * strokes) / n));
  }
  const step = Math.max(1, Math.floor(pick.every ?? Math.ceil(strokes / 60)));
  const ends: number[] = [];
  for (let e = step; e < strokes; e += step) ends.push(e);
  return [...ends, strokes];
}

/**
 * Frames of the painting process: the canvas after the first ends[k] strokes, for each k (ascending).
 * The strokes of up to 7 frames are composited in one walk that keeps each frame's canvas on the way
 * (engine.readFramesBytes), over the canvas of the frames before: 56 frames of 256 px cost 7 passes
 * and read-backs, not 56 of each.
 */
export function renderFrames(gl: WebGL2RenderingContext, spec: RenderSpec, ends: readonly number[]): ByteImage[] {
  const whole = { x: 0, y: 0, width: spec.width, height: spec.height };
  const engine = tileEngine(gl, spec, whole, BATCH);
  const frame = (data: Uint8Array): ByteImage => ({ width: spec.width, height: spec.height, data });
  try {
    // one save of the app's GL state for all the frames
    return engine.batch(() => {
      const frames: ByteImage[] = [];
      let done = 0;
      for (let k = 0; k < ends.length;) {
        // a stretch longer than one batch of strokes: composite it into the canvas first
        while (ends[k] - done > BATCH) {
          engine.setStrokes(packStrokes(spec.strokes.slice(done, done + BATCH)));
          engine.freezeCanvas();
          done += BATCH;
        }
        const group: number[] = [];
        while (k < ends.length && group.length < engine.framesPerPass && ends[k] - done <= BATCH) group.push(ends[k++]);
        const last = group[group.length - 1];
        engine.setStrokes(packStrokes(spec.strokes.slice(done, last)));
        frames.push(...engine.readFramesBytes(group.map((e) => e - done)).map(frame));
        engine.freezeCanvas();
        done = last;
      }
      return frames;
    });
  } finally {
    engine.dispose();
  }
}

/** The painting process: one frame after every `every` strokes (and the last), in painting order. */
export function renderProcess(gl: WebGL2RenderingContext, spec: RenderSpec, every: number): ByteImage[] {
  return renderFrames(gl, spec, frameEnds(spec.strokes.length, { every }));
}
