// Animated GIF of painting frames with gifenc: used by the CLI (Node) and the page (browser) alike.
import * as gifencModule from 'gifenc';
import type { ByteImage } from './image.js';

// gifenc ships CommonJS for Node and ESM for bundlers: take whichever shape this loader gives
const { GIFEncoder, applyPalette, quantize } = (gifencModule as unknown as { default?: typeof gifencModule }).default ?? gifencModule;

/** An animated GIF of the frames (the last one held for two seconds). */
export function encodeGIF(frames: ByteImage[], delayMs = 80): Uint8Array {
  const gif = GIFEncoder();
  frames.forEach((f, i) => {
    const palette = quantize(f.data, 256);
    gif.writeFrame(applyPalette(f.data, palette), f.width, f.height, { palette, delay: i === frames.length - 1 ? 2000 : delayMs });
  });
  gif.finish();
  return gif.bytes();
}
