// Decoding and resizing images in the browser: PNG (any bit depth, palette, grey, alpha), JPEG, WebP,
// GIF, BMP all go through createImageBitmap. Transparent pixels are composited over white.
import { FudeError } from '../errors.js';
import type { ByteImage } from './image.js';
import { undecodableMessage } from './image-format.js';
import { lanczosResize } from './lanczos.js';

/**
 * Decodes encoded image bytes and resizes so the longer side is `longerSide` pixels; with `atMost`, an
 * image already smaller keeps its own size (the working size 'full'). `colours` 'stored' (the default,
 * as the CLI paints and as primitive's figures are measured) takes the numbers the file stores; 'srgb'
 * takes them as the browser shows them, converted from the file's colour profile (the page paints so,
 * where the picture is shown beside its painting).
 */
export async function decodeImage(bytes: Uint8Array | ArrayBuffer | Blob, longerSide: number, name = 'the image', atMost = false, colours: 'stored' | 'srgb' = 'stored'): Promise<ByteImage & { sourceWidth: number; sourceHeight: number }> {
  const blob = bytes instanceof Blob ? bytes : new Blob([bytes as BlobPart]);
  if (blob.size === 0) throw new FudeError('bad-input', `${name} is empty (0 bytes)`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: colours === 'srgb' ? 'default' : 'none', premultiplyAlpha: 'none' });
  } catch {
    const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
    throw new FudeError('bad-input', undecodableMessage(name, head, blob.size));
  }
  const sw = bitmap.width, sh = bitmap.height;
  if (sw < 2 || sh < 2) throw new FudeError('bad-input', `${name} is ${sw}x${sh} pixels: fude needs at least 2x2`);
  const scale = (atMost ? Math.min(longerSide, Math.max(sw, sh)) : longerSide) / Math.max(sw, sh);
  const width = Math.max(2, Math.round(sw * scale)), height = Math.max(2, Math.round(sh * scale));
  return { ...downscaled(bitmap, width, height), sourceWidth: sw, sourceHeight: sh };
}

/** Beyond this many times the target's size, the browser's own smoothing brings a photograph down first. */
const LANCZOS_FROM_AT_MOST = 3;

/**
 * A picture made smaller with Lanczos-3 (lanczos.ts), the target primitive's reference figures are
 * scored against. A camera's 4000 px photograph is first brought to 3x the size by the browser (a
 * Lanczos pass from its full size took seconds in JavaScript), which the last pass then filters as
 * Lanczos does. A picture made larger, or kept, takes the browser's resampling.
 */
function downscaled(bitmap: ImageBitmap, width: number, height: number): ByteImage {
  const sw = bitmap.width, sh = bitmap.height;
  if (width >= sw && height >= sh) return resizeBitmap(bitmap, width, height);
  const shrink = Math.min(1, (LANCZOS_FROM_AT_MOST * width) / sw);
  const from = resizeBitmap(bitmap, Math.max(width, Math.round(sw * shrink)), Math.max(height, Math.round(sh * shrink)));
  return lanczosResize(from, width, height);
}

/** Resizes raw RGBA pixels the same way, to a longer side. */
export function resizeImage(img: ByteImage, longerSide: number): ByteImage {
  const scale = longerSide / Math.max(img.width, img.height);
  return resizeTo(img, Math.max(2, Math.round(img.width * scale)), Math.max(2, Math.round(img.height * scale)));
}

/** Resizes raw RGBA pixels to exactly width x height. */
export function resizeTo(img: ByteImage, width: number, height: number): ByteImage {
  const src = new OffscreenCanvas(img.width, img.height);
  src.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  return resizeBitmap(src, width, height);
}

function resizeBitmap(src: CanvasImageSource, width: number, height: number): ByteImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(src, 0, 0, width, height);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data };
}
