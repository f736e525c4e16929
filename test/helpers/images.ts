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
