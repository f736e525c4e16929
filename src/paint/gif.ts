// Animated GIF of painting frames with gifenc: used by the CLI (Node) and the page (browser) alike.
import * as gifencModule from 'gifenc';
import type { ByteImage } from './image.js';

// gifenc ships CommonJS for Node and ESM for bundlers: take whichever shape this loader gives
const { GIFEncoder, applyPalette, quantize } = (gifencModule as unknown as { default?: typeof gifencModule }).default ?? gifencModule;

/**
 * An animated GIF of the frames (the last one held for two seconds). The frames of a painting share
 * their colours, so one palette serves them all: quantized once from the finished frame and a sparse
 * sample of the others (a palette per frame cost 2 s of a 17 s CLI run at 60 frames, 256 px).
 */
export function encodeGIF(frames: ByteImage[], delayMs = 80): Uint8Array {
  const gif = GIFEncoder();
  const palette = quantize(paletteSample(frames), 256);
  frames.forEach((f, i) => {
    gif.writeFrame(applyPalette(f.data, palette), f.width, f.height, {
      // the first frame writes the palette as the GIF's global table; the others use it
      ...(i === 0 ? { palette } : {}), delay: i === frames.length - 1 ? 2000 : delayMs,
    });
  });
  gif.finish();
  return gif.bytes();
}

/** The last frame whole, and every 16th pixel of the others. */
function paletteSample(frames: ByteImage[]): Uint8Array {
  const last = frames[frames.length - 1].data;
  const STRIDE = 16;
  const sparse = frames.slice(0, -1).reduce((n, f) => n + Math.ceil(f.data.length / 4 / STRIDE), 0);
  const out = new Uint8Array(last.length + sparse * 4);
  out.set(last);
  let o = last.length;
  for (const f of frames.slice(0, -1)) {
    for (let p = 0; p < f.data.length; p += 4 * STRIDE, o += 4) out.set(f.data.subarray(p, p + 4), o);
  }
  return out;
}
