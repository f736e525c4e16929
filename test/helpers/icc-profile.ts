// A real ICC profile for tests, built here rather than copied from a file: version 2, a display ('mntr')
// RGB profile of primaries and one gamma, the least a colour-management engine needs to convert from it.
// adobeRgbLike() has Adobe RGB (1998)'s primaries (adapted to D50, as its own profile lists them) and
// gamma (563/256): saturated greens in it are far outside sRGB, so a conversion shows.

/** s15Fixed16Number, big-endian. */
const s15f16 = (v: number) => { const b = Buffer.alloc(4); b.writeInt32BE(Math.round(v * 65536)); return b; };
const sig = (s: string) => Buffer.from(s, 'latin1');
const pad4 = (b: Buffer) => (b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b);

const xyz = (x: number, y: number, z: number) => Buffer.concat([sig('XYZ '), Buffer.alloc(4), s15f16(x), s15f16(y), s15f16(z)]);
const gammaCurve = (gamma: number) => { const b = Buffer.alloc(14); sig('curv').copy(b, 0); b.writeUInt32BE(1, 8); b.writeUInt16BE(Math.round(gamma * 256), 12); return b; };
/** sRGB's own curve: a parametric curve of function type 3 (a power with a linear segment near black). */
const srgbCurve = () => { const head = Buffer.alloc(12); sig('para').copy(head, 0); head.writeUInt16BE(3, 8); return Buffer.concat([head, ...[2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045].map(s15f16)]); };

/** A version-2 description (textDescriptionType): the ASCII name, then empty Unicode and ScriptCode parts. */
const description = (text: string) => {
  const ascii = Buffer.from(`${text}\0`, 'latin1'), count = Buffer.alloc(4);
  count.writeUInt32BE(ascii.length);
  return Buffer.concat([sig('desc'), Buffer.alloc(4), count, ascii, Buffer.alloc(8 + 3 + 67)]);
};

/** A version-4 description (multiLocalizedUnicodeType): one record, en-US, UTF-16BE. */
const localizedDescription = (text: string) => {
  const utf16 = Buffer.from(text, 'utf16le').swap16(), head = Buffer.alloc(28);
  sig('mluc').copy(head, 0);
  head.writeUInt32BE(1, 8); head.writeUInt32BE(12, 12); // one record of 12 bytes
  head.write('enUS', 16, 'latin1'); head.writeUInt32BE(utf16.length, 20); head.writeUInt32BE(28, 24);
  return Buffer.concat([head, utf16]);
};

export function matrixProfile(primaries: { r: number[]; g: number[]; b: number[] }, gamma: number | 'srgb', name?: string, version4 = false): Uint8Array {
  const curve = gamma === 'srgb' ? srgbCurve() : gammaCurve(gamma);
  const tags: [string, Buffer][] = [
    ...(name ? [['desc', version4 ? localizedDescription(name) : description(name)] as [string, Buffer]] : []),
    ['wtpt', xyz(0.9642, 1, 0.8249)],
    ['rXYZ', xyz(primaries.r[0], primaries.r[1], primaries.r[2])],
    ['gXYZ', xyz(primaries.g[0], primaries.g[1], primaries.g[2])],
    ['bXYZ', xyz(primaries.b[0], primaries.b[1], primaries.b[2])],
    ['rTRC', curve], ['gTRC', curve], ['bTRC', curve],
  ];
  const tableSize = 4 + 12 * tags.length;
  let offset = 128 + tableSize;
  const table = Buffer.alloc(tableSize);
  table.writeUInt32BE(tags.length, 0);
  const bodies: Buffer[] = [];
  tags.forEach(([name, data], k) => {
    sig(name).copy(table, 4 + 12 * k);
    table.writeUInt32BE(offset, 8 + 12 * k);
    table.writeUInt32BE(data.length, 12 + 12 * k);
    const padded = pad4(data);
    bodies.push(padded);
    offset += padded.length;
  });
  const header = Buffer.alloc(128);
  header.writeUInt32BE(offset, 0); // the profile's size
  header.writeUInt32BE(0x02100000, 8); // version 2.1
  sig('mntr').copy(header, 12);
  sig('RGB ').copy(header, 16);
  sig('XYZ ').copy(header, 20);
  header.writeUInt16BE(2026, 24); header.writeUInt16BE(12, 26); header.writeUInt16BE(4, 28); // date
  sig('acsp').copy(header, 36);
  s15f16(0.9642).copy(header, 68); s15f16(1).copy(header, 72); s15f16(0.8249).copy(header, 76); // D50
  return new Uint8Array(Buffer.concat([header, table, ...bodies]));
}

export const adobeRgbLike = (name?: string) => matrixProfile({ r: [0.6097, 0.3111, 0.0195], g: [0.2053, 0.6257, 0.0609], b: [0.1492, 0.0632, 0.7446] }, 563 / 256, name);

/** sRGB itself (its primaries adapted to D50, and its curve), as many photographs embed it. */
export const srgbProfile = (name?: string, version4 = false) => matrixProfile({ r: [0.4361, 0.2225, 0.0139], g: [0.3851, 0.7169, 0.0971], b: [0.1431, 0.0606, 0.7141] }, 'srgb', name, version4);
