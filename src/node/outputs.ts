// Encoders for the files a painting leaves behind: PNG (pngjs), GIF (gifenc), side-by-side frames.
import { PNG } from 'pngjs';
import type { ByteImage } from '../paint/image.js';

export { encodeGIF } from '../paint/gif.js';
export type { GifOptions } from '../paint/gif.js';

/**
 * pngjs tries all five row filters on every row by default; paintings compress as well with Paeth alone
 * (1589 against 1587 KB at 2048 px) in a third of the time (121 against 330-440 ms).
 */
const PNG_OPTIONS = { filterType: 4 };

export function encodePNG(img: ByteImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height, ...PNG_OPTIONS });
  const data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  data.copy(png.data);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255; // paintings are opaque
  return PNG.sync.write(png, PNG_OPTIONS);
}

export function decodePNG(bytes: Buffer): ByteImage {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** Side by side: the frame on the left, the target (same size) on the right. */
export function sideBySide(frame: ByteImage, target: ByteImage): ByteImage {
  const w = frame.width + target.width, h = Math.max(frame.height, target.height);
  const out = new Uint8Array(w * h * 4).fill(255);
  for (let y = 0; y < h; y++) {
    if (y < frame.height) out.set(frame.data.subarray(y * frame.width * 4, (y + 1) * frame.width * 4), y * w * 4);
    if (y < target.height) out.set(target.data.subarray(y * target.width * 4, (y + 1) * target.width * 4), (y * w + frame.width) * 4);
  }
  return { width: w, height: h, data: out };
}
