// What a file that would not decode is, from its first bytes, so that the error says what to do: a
// truncated JPEG wants re-exporting, a phone's HEIC photo or a scanner's TIFF wants converting, and an
// SVG wants rendering first. The formats the browser decodes are the ones fude reads.

/** The formats fude reads (the browser's decoders), as the error messages name them. */
export const READABLE_FORMATS = 'PNG, JPEG, WebP, GIF or BMP';

/** Whether `bytes` hold the ASCII `text` at offset `at` (a signature, a chunk's name). */
export const asciiAt = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((c, k) => bytes[at + k] === c.charCodeAt(0));

/** The format a file's first bytes (16 are enough) announce, or null when they announce none fude knows. */
export function sniffFormat(head: Uint8Array): string | null {
  if (head[0] === 0x89 && asciiAt(head, 1, 'PNG')) return 'PNG';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'JPEG';
  if (asciiAt(head, 0, 'GIF8')) return 'GIF';
  if (asciiAt(head, 0, 'RIFF') && asciiAt(head, 8, 'WEBP')) return 'WebP';
  // 'BM', the file's size, then four reserved bytes that are zero (a text starting "BM" is not one)
  if (asciiAt(head, 0, 'BM') && head.length >= 10 && head[6] === 0 && head[7] === 0 && head[8] === 0 && head[9] === 0) return 'BMP';
  if (asciiAt(head, 0, 'II*\0') || asciiAt(head, 0, 'MM\0*')) return 'TIFF';
  if (asciiAt(head, 4, 'ftyp')) {
    if (['heic', 'heix', 'hevc', 'mif1', 'msf1', 'heif'].some((brand) => asciiAt(head, 8, brand))) return 'HEIC';
  }
  if (asciiAt(head, 0, '%PDF')) return 'PDF';
  // text: an SVG or an HTML page saved instead of the picture (after a byte-order mark or spaces)
  const text = new TextDecoder().decode(head).replace(/^\uFEFF?\s*/, '');
  if (text.startsWith('<')) return 'text';
  return null;
}

/** Why `name` (`size` bytes, starting with `head`) could not be decoded, and what to do about it. */
export function undecodableMessage(name: string, head: Uint8Array, size: number): string {
  const format = sniffFormat(head);
  switch (format) {
    case 'PNG': case 'JPEG': case 'GIF': case 'WebP': case 'BMP':
      return `${name} starts as a ${format} file but could not be decoded (${size} bytes): it is probably truncated or corrupt; export or download it again`;
    case 'TIFF': case 'HEIC': case 'PDF':
      return `${name} is a ${format} file, which fude cannot read: convert it to PNG or JPEG first (fude reads ${READABLE_FORMATS})`;
    case 'text':
      return `${name} is text (an SVG or a web page?), not a picture fude can read: save or render it as PNG or JPEG first (fude reads ${READABLE_FORMATS})`;
    default:
      return `${name} is not an image fude can read (${READABLE_FORMATS})`;
  }
}
