// What an undecodable file is said to be, from its first bytes (the message the page's decoder throws).
import { describe, expect, it } from 'vitest';
import { sniffFormat, undecodableMessage } from '../src/paint/image-format.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffFormat', () => {
  const cases: [string, Uint8Array, string | null][] = [
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n'), 'PNG'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'JPEG'],
    ['GIF', bytes('GIF89a'), 'GIF'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'WebP'],
    ['BMP', bytes('BM', [0x36, 0, 3, 0, 0, 0, 0, 0, 0x36, 0]), 'BMP'],
    ['text that starts with BM', bytes('BMW service notes'), null],
    ['TIFF, little-endian', bytes('II*\0'), 'TIFF'],
    ['TIFF, big-endian', bytes('MM\0*'), 'TIFF'],
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic'), 'HEIC'],
    ['HEIF (mif1)', bytes([0, 0, 0, 24], 'ftypmif1'), 'HEIC'],
    ['an MP4 is not a picture', bytes([0, 0, 0, 24], 'ftypisom'), null],
    ['PDF', bytes('%PDF-1.7'), 'PDF'],
    ['SVG after a byte-order mark', bytes([0xef, 0xbb, 0xbf], '  <svg xmlns'), 'text'],
    ['HTML', bytes('<!DOCTYPE html>'), 'text'],
    ['other text', bytes('hello'), null],
    ['too short to tell', bytes([0x89]), null],
  ];
  for (const [what, head, format] of cases) it(what, () => expect(sniffFormat(head)).toBe(format));
});

describe('undecodableMessage', () => {
  it('calls a readable format that failed to decode truncated or corrupt', () => {
    expect(undecodableMessage('cut.jpg', bytes([0xff, 0xd8, 0xff]), 3000)).toBe(
      'cut.jpg starts as a JPEG file but could not be decoded (3000 bytes): it is probably truncated or corrupt; export or download it again');
  });
  it('says to convert a format the browser cannot decode', () => {
    expect(undecodableMessage('IMG_0001.HEIC', bytes([0, 0, 0, 24], 'ftypheic'), 9)).toMatch(/^IMG_0001\.HEIC is a HEIC file, which fude cannot read: convert it to PNG or JPEG first \(fude reads PNG, JPEG, WebP, GIF or BMP\)$/);
  });
  it('says an SVG or a saved web page is text', () => {
    expect(undecodableMessage('logo.svg', bytes('<svg>'), 5)).toMatch(/^logo\.svg is text \(an SVG or a web page\?\), not a picture fude can read: save or render it as PNG or JPEG first/);
  });
  it('falls back to the formats fude reads', () => {
    expect(undecodableMessage('notes.png', bytes('hello'), 5)).toBe('notes.png is not an image fude can read (PNG, JPEG, WebP, GIF or BMP)');
  });
});
