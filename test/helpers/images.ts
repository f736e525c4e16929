// Small test images written with pngjs (and a palette PNG written by hand, which pngjs cannot write).
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

/** A smooth colourful RGBA test picture. */
export function picture(w: number, h: number): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 4;
    png.data[i] = 128 + 100 * Math.sin(x / 7);
    png.data[i + 1] = 128 + 100 * Math.cos(y / 5);
    png.data[i + 2] = (x * y) % 256;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function pngVariant(w: number, h: number, kind: 'grey' | 'alpha' | 'rgb16'): Buffer {
  const src = PNG.sync.read(picture(w, h));
  if (kind === 'alpha') for (let i = 3; i < src.data.length; i += 4) src.data[i] = (i * 13) % 256;
  const opts = kind === 'grey' ? { colorType: 0 as const, inputColorType: 6 as const } : kind === 'rgb16' ? { colorType: 2 as const, bitDepth: 16 as const } : { colorType: 6 as const };
  if (kind === 'rgb16') {
    // 16-bit input data for pngjs: two bytes per channel, big-endian
    const png = new PNG({ width: w, height: h, bitDepth: 16, colorType: 2, inputHasAlpha: true } as any);
    const data = Buffer.alloc(w * h * 8);
    for (let i = 0; i < w * h * 4; i++) data.writeUInt16BE(src.data[i] * 257, i * 2);
    png.data = data;
    return PNG.sync.write(png, { bitDepth: 16, colorType: 2, inputHasAlpha: true } as any);
  }
  return PNG.sync.write(src, opts);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An 8-bit palette PNG with 4 colours. */
export function palettePng(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 3;
  const plte = Buffer.from([230, 40, 40, 40, 200, 60, 30, 60, 220, 250, 250, 250]);
  const rows: number[] = [];
  for (let y = 0; y < h; y++) { rows.push(0); for (let x = 0; x < w; x++) rows.push(((x >> 3) + (y >> 3)) % 4); }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('PLTE', plte), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A 32x24 JPEG in the inverted CMYK that Photoshop writes (an Adobe APP14 marker), left half RGB
 * (230, 120, 40) and right half (40, 150, 170) converted to ink, with no colour profile: 'cmyk' stores
 * the inks as they are, 'ycck' as YCC of the first three. Written with libjpeg (`in_color_space =
 * JCS_CMYK`, `write_Adobe_marker`); a decoder that misses the inversion gives a negative picture.
 */
export const ADOBE_JPEGS = {
  cmyk: '/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/8AAFAgAGAAgBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwD9/K2K/LOv2Yoooor+POv1sr+0ivg+iiiiv7DK/JOv4t6+8KKKKK/jzr9bK/tIr4Poooor+wyvyTr+LevvCiiiiv486/Wyv7SK+D6KKKK//9k=',
  ycck: '/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/9sAQwECAgICAgIFAwMFCgcGBwoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK/8AAFAgAGAAgBAEiAAIRAQMRAQQiAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/EAB8BAAMBAQEBAQEBAQEAAAAAAAABAgMEBQYHCAkKC//EALURAAIBAgQEAwQHBQQEAAECdwABAgMRBAUhMQYSQVEHYXETIjKBCBRCkaGxwQkjM1LwFWJy0QoWJDThJfEXGBkaJicoKSo1Njc4OTpDREVGR0hJSlNUVVZXWFlaY2RlZmdoaWpzdHV2d3h5eoKDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uLj5OXm5+jp6vLz9PX29/j5+v/aAA4EAQACEQMRBAAAPwD57ooor/QQ/wA7z9mKKKK8zooor/E8/wCmQ+D6KKK9Mooor/bA/wCZs+8KKKK8zooor/E8/wCmQ+D6KKK//9k=',
} as const;
/** The colour the two halves average to, 0-255. */
export const ADOBE_JPEG_MEAN = [135, 135, 105] as const;
