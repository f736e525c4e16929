// Animated GIF of painting frames with gifenc: used by the CLI (Node) and the page (browser) alike.
import * as gifencModule from 'gifenc';
import type { ByteImage } from './image.js';
import { colourToSrgb, type SrgbTable } from './srgb.js';

// gifenc ships CommonJS for Node and ESM for bundlers: take whichever shape this loader gives
const { GIFEncoder, nearestColorIndex, quantize } = (gifencModule as unknown as { default?: typeof gifencModule }).default ?? gifencModule;

export interface GifOptions {
  /** Milliseconds each frame shows (80); the last is held for two seconds. */
  delayMs?: number;
  /** A table from the frames' colours to sRGB (paint/srgb.ts): frames of a photograph with a profile of its own. */
  shownAs?: SrgbTable;
}

/**
 * An animated GIF of the frames (the last one held for two seconds), in sRGB through `shownAs` if
 * given. The frames of a painting share their colours, so one palette serves them all: quantized
 * once from the finished frame and a sparse sample of the others (a palette per frame cost 2 s of a
 * 17 s CLI run at 60 frames, 256 px). Each frame after the first draws only the pixels that
 * changed: the rest are transparent over the frame before (kept, not disposed). 56 frames of 256 px:
 * 1.13 MB → 0.11 MB, encoded in 0.75× the time.
 */
export function encodeGIF(frames: ByteImage[], options: number | GifOptions = {}): Uint8Array {
  const { delayMs = 80, shownAs } = typeof options === 'number' ? { delayMs: options } : options;
  const gif = GIFEncoder();
  const colours = quantize(paletteSample(frames), UNCHANGED);
  const indexer = frameIndexer(colours);
  // The frames are indexed in their own colours; with a table, the palette then holds those colours in
  // sRGB (paint/srgb.ts): 255 conversions instead of one per pixel of every frame (40 ms, cold).
  const shown = shownAs ? colours.map(([r, g, b]) => colourToSrgb(shownAs, r, g, b)) : colours;
  // index UNCHANGED (255, past the colours) is the transparent one
  const palette = [...shown, ...Array.from({ length: 256 - shown.length }, () => [0, 0, 0])];
  frames.forEach((f, i) => {
    const { drawn, delta } = indexer(f);
    gif.writeFrame(drawn, f.width, f.height, {
      // the first frame writes the palette as the GIF's global table; the others use it
      ...(i === 0 ? { palette } : {}), delay: i === frames.length - 1 ? 2000 : delayMs,
      transparent: delta, transparentIndex: UNCHANGED, dispose: KEEP,
    });
  });
  gif.finish();
  return gif.bytes();
}

/** The palette index that stands for "as in the frame before" (transparent), and GIF's disposal "keep the frame". */
const UNCHANGED = 255;
const KEEP = 1;

/**
 * Each frame's palette indices, and what the GIF draws of it: the frame itself, or (after a frame of
 * the same size) UNCHANGED where its index is the one before, in long runs that LZW packs to almost
 * nothing. A pixel whose RGBA is the frame before's keeps its index without a look-up: 96% of a process
 * frame's pixels are (aloe, 500 strokes, 60 frames of 256 px: a first call in a fresh Node 120-162 ms
 * against 128-177 ms, a second 75-104 against 87-124, 5 alternating runs). The look-up is gifenc's
 * applyPalette with one colour cache for all the frames (same rgb565 key, same nearest colour):
 * applyPalette starts a fresh cache per frame, which was 230 of the 300 ms that 56 frames of 256 px
 * took to encode.
 */
function frameIndexer(palette: number[][]): (frame: ByteImage) => { drawn: Uint8Array; delta: boolean } {
  const cache = new Int16Array(65536).fill(-1);
  let previous: { pixels: Uint32Array; indices: Uint8Array } | undefined;
  return ({ data }) => {
    const n = data.length >> 2;
    const pixels = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, n) : new Uint32Array(data.slice().buffer);
    const indices = new Uint8Array(n);
    const before = previous?.indices.length === n ? previous : undefined; // frames of one size, as the process's are
    const drawn = before ? new Uint8Array(n) : indices;
    for (let i = 0; i < n; i++) {
      if (before && pixels[i] === before.pixels[i]) { indices[i] = before.indices[i]; drawn[i] = UNCHANGED; continue; }
      const p = i << 2, r = data[p], g = data[p + 1], b = data[p + 2];
      const key = ((r << 8) & 0xf800) | ((g << 2) & 0x03e0) | (b >> 3);
      let index = cache[key];
      if (index < 0) index = cache[key] = nearestColorIndex(palette, [r, g, b]);
      indices[i] = index;
      if (before) drawn[i] = index === before.indices[i] ? UNCHANGED : index;
    }
    previous = { pixels, indices };
    return { drawn, delta: before !== undefined };
  };
}

/** The last frame whole, and every 16th pixel of the others. */
function paletteSample(frames: ByteImage[]): Uint8Array {
  const last = frames[frames.length - 1].data;
  const STRIDE = 16;
  const sparse = frames.slice(0, -1).reduce((n, f) => n + Math.ceil(f.data.length / 4 / STRIDE), 0);
  const out = new Uint8Array(last.length + sparse * 4);
  out.set(last);
  let o = last.length;
  // byte by byte: a subarray per sample was a third of the encoding's time
  for (const f of frames.slice(0, -1)) {
    for (let p = 0; p < f.data.length; p += 4 * STRIDE, o += 4) {
      out[o] = f.data[p]; out[o + 1] = f.data[p + 1]; out[o + 2] = f.data[p + 2]; out[o + 3] = f.data[p + 3];
    }
  }
  return out;
}
