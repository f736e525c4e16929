// The input's colour profile, carried over to painting.png. fude paints the numbers stored in the
// file (as primitive does, and as every PSNR figure here is measured), not colours converted to sRGB.
// A photograph in Adobe RGB or Display P3 holds numbers that mean more saturated colours than the same
// numbers in sRGB, so an untagged painting.png looked duller than its photograph in any colour-managed
// viewer (rocket.jpg, Adobe RGB: its sRGB conversion differs by 8.3 levels RMS, 55 at most). Tagged
// with the input's profile, the painting shows as the photograph does, and its pixels stay the ones
// the PSNR is measured on.
import { deflateSync, inflateSync } from 'node:zlib';
import { asciiAt, sniffFormat } from '../paint/image-format.js';

/** An ICC profile and the name PNG's iCCP chunk gives it. */
export interface IccProfile { name: string; profile: Uint8Array }

const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const u32le = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/**
 * The RGB ICC profile a PNG, JPEG or WebP file embeds, or null: none, another format, a damaged one, or
 * one of another colour space. A CMYK JPEG's or a grey photograph's profile describes numbers the
 * painting (RGB, as the browser decoded it) does not hold, and PNG allows an RGB image an RGB profile only.
 */
export function iccProfileOf(file: Uint8Array): IccProfile | null {
  try {
    return rgbOnly(embedded(file));
  } catch {
    // a damaged profile is no profile: the painting is written untagged, as before
  }
  return null;
}

/** The profile if it is an RGB one (its header: the colour space at 16, the signature at 36), else null. */
const rgbOnly = (icc: IccProfile | null) =>
  icc && icc.profile.length >= 128 && asciiAt(icc.profile, 16, 'RGB ') && asciiAt(icc.profile, 36, 'acsp') ? icc : null;

function embedded(file: Uint8Array): IccProfile | null {
  switch (sniffFormat(file.subarray(0, 16))) {
    case 'PNG': return fromPng(file);
    case 'JPEG': return fromJpeg(file);
    case 'WebP': return fromWebp(file);
    default: return null;
  }
}

/** iCCP: a name, a zero byte, the compression method (0), the zlib-compressed profile. */
function fromPng(file: Uint8Array): IccProfile | null {
  for (let at = 8; at + 8 <= file.length;) {
    const length = u32be(file, at);
    if (asciiAt(file, at + 4, 'iCCP')) {
      const data = file.subarray(at + 8, at + 8 + length);
      const zero = data.indexOf(0);
      if (zero < 1 || data[zero + 1] !== 0) return null;
      return { name: new TextDecoder('latin1').decode(data.subarray(0, zero)), profile: new Uint8Array(inflateSync(data.subarray(zero + 2))) };
    }
    if (asciiAt(file, at + 4, 'IDAT') || asciiAt(file, at + 4, 'IEND')) return null; // the profile comes before the pixels
    at += 12 + length;
  }
  return null;
}

/** APP2 segments "ICC_PROFILE\0", sequence number, count, then that part of the profile. */
function fromJpeg(file: Uint8Array): IccProfile | null {
  const parts: Uint8Array[] = [];
  for (let at = 2; at + 4 <= file.length && file[at] === 0xff;) {
    const marker = file[at + 1], length = (file[at + 2] << 8) | file[at + 3];
    if (marker === 0xda || marker === 0xd9) break; // the scan: no header segments after it
    if (marker === 0xe2 && asciiAt(file, at + 4, 'ICC_PROFILE\0')) parts[file[at + 16] - 1] = file.subarray(at + 18, at + 2 + length);
    at += 2 + length;
  }
  if (!parts.length || parts.some((p) => !p) || parts.length !== Object.keys(parts).length) return null;
  const profile = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { profile.set(p, o); o += p.length; }
  return { name: 'ICC profile', profile };
}

/** RIFF chunks after "WEBP": ICCP holds the profile as it is. */
function fromWebp(file: Uint8Array): IccProfile | null {
  for (let at = 12; at + 8 <= file.length;) {
    const length = u32le(file, at + 4);
    if (asciiAt(file, at, 'ICCP')) return { name: 'ICC profile', profile: new Uint8Array(file.subarray(at + 8, at + 8 + length)) };
    at += 8 + length + (length & 1);
  }
  return null;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** PNG's chunk CRC (zlib's crc32, which Node has only from 20.15 on). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG with an iCCP chunk after its header (where the format wants it, before the pixels). */
export function withIccProfile(png: Buffer, icc: IccProfile | null): Buffer {
  if (!icc) return png;
  // PNG names are 1-79 Latin-1 characters
  const name = Buffer.from(icc.name.replace(/[^\x20-\x7e\xa1-\xff]/g, '').slice(0, 79) || 'ICC profile', 'latin1');
  const body = Buffer.concat([Buffer.from('iCCP', 'latin1'), name, Buffer.from([0, 0]), deflateSync(icc.profile)]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), body.length + 4);
  const afterHeader = 8 + 12 + png.readUInt32BE(8); // the signature, then IHDR
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/**
 * The profile as strokes.json keeps it (`meta.colourProfile`), so that `fude render` tags the PNGs it
 * makes from those strokes as paintToFiles tags painting.png.
 */
export const profileForMeta = (icc: IccProfile | null) => (icc ? { name: icc.name, icc: Buffer.from(icc.profile).toString('base64') } : undefined);

/** The profile a strokes file's meta keeps, or null (none, or not one we wrote). */
export function profileFromMeta(meta: Record<string, unknown> | undefined): IccProfile | null {
  const kept = meta?.colourProfile as { name?: unknown; icc?: unknown } | undefined;
  if (!kept || typeof kept.name !== 'string' || typeof kept.icc !== 'string') return null;
  return rgbOnly({ name: kept.name, profile: new Uint8Array(Buffer.from(kept.icc, 'base64')) });
}

/**
 * Whether a profile calls itself sRGB (its description starts so: the 3144-byte "sRGB IEC61966-2.1"
 * that cameras and image editors embed, and its version-4 successors). That answer costs no trip to
 * the page (30-60 ms, which would otherwise be spent learning that the table changes nothing).
 */
export function namedSrgb(profile: Uint8Array): boolean {
  if (profile.length < 132) return false;
  const tags = Math.min(u32be(profile, 128), 100);
  for (let k = 0; k < tags; k++) {
    const entry = 132 + 12 * k;
    if (entry + 12 > profile.length || !asciiAt(profile, entry, 'desc')) continue;
    const at = u32be(profile, entry + 4);
    if (at + 16 > profile.length) return false;
    // version 2: 'desc', 4 reserved bytes, a length, ASCII; version 4: 'mluc', 4 reserved bytes, the
    // record count and size, then records of language, country, length and offset (from the tag) of
    // UTF-16BE text: the first record's
    if (asciiAt(profile, at, 'desc')) return asciiAt(profile, at + 12, 'sRGB');
    if (asciiAt(profile, at, 'mluc') && at + 28 <= profile.length) {
      const text = at + u32be(profile, at + 24);
      return text + 8 <= profile.length && new TextDecoder('utf-16be').decode(profile.subarray(text, text + 8)) === 'sRGB';
    }
    return false;
  }
  return false;
}
