// The input's colour profile is found in PNG, JPEG and WebP files and carried into painting.png.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iccProfileOf, profileFromMeta, withIccProfile } from '../src/node/icc.js';
import { decodePNG } from '../src/node/outputs.js';
import { runCli } from './helpers/cli.js';
import { picture } from './helpers/images.js';
import { adobeRgbLike } from './helpers/icc-profile.js';

// an RGB profile (fude carries it as it is: painting.png's numbers are the photograph's)
const PROFILE = adobeRgbLike('Adobe RGB (1998)');
/** The same profile said to be of another colour space (a CMYK JPEG's, a grey photograph's). */
const ofSpace = (space: string) => { const p = PROFILE.slice(); p.set(Buffer.from(space, 'latin1'), 16); return p; };

const jpegWithProfile = (profile: Uint8Array, parts: number): Uint8Array => {
  const size = Math.ceil(profile.length / parts), segments: number[] = [];
  for (let k = 0; k < parts; k++) {
    const part = profile.subarray(k * size, (k + 1) * size);
    const length = 2 + 12 + 2 + part.length;
    segments.push(0xff, 0xe2, length >> 8, length & 255, ...Buffer.from('ICC_PROFILE\0', 'latin1'), k + 1, parts, ...part);
  }
  // SOI, an APP0 with nothing in it, the profile's segments, then the start of a scan
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 2, ...segments, 0xff, 0xda, 0, 2]);
};

const webpWithProfile = (profile: Uint8Array): Uint8Array => {
  const chunk = (id: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
  };
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunk('VP8X', new Uint8Array(10)), chunk('ICCP', profile), chunk('VP8 ', new Uint8Array(3))]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe('iccProfileOf', () => {
  it('reads a PNG\'s iCCP chunk, as withIccProfile writes it', () => {
    const tagged = withIccProfile(picture(12, 8), { name: 'Adobe RGB (1998)', profile: PROFILE });
    expect(iccProfileOf(tagged)).toEqual({ name: 'Adobe RGB (1998)', profile: PROFILE });
  });
  it('joins a JPEG\'s profile from its APP2 segments, in their order', () => {
    expect(iccProfileOf(jpegWithProfile(PROFILE, 1))?.profile).toEqual(PROFILE);
    expect(iccProfileOf(jpegWithProfile(PROFILE, 3))?.profile).toEqual(PROFILE);
  });
  it('reads a WebP\'s ICCP chunk', () => {
    expect(iccProfileOf(webpWithProfile(PROFILE))?.profile).toEqual(PROFILE);
  });
  it('finds none in a file without one, or with a damaged one', () => {
    expect(iccProfileOf(picture(12, 8))).toBeNull();
    expect(iccProfileOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
    const missingPart = jpegWithProfile(PROFILE, 3);
    // the second segment (after SOI, APP0 and the first: 6 + 18 + a third of the profile) called the third
    const second = 6 + 18 + Math.ceil(PROFILE.length / 3) + 16;
    expect(missingPart[second]).toBe(2);
    missingPart[second] = 3;
    expect(iccProfileOf(missingPart)).toBeNull();
    const damaged = Buffer.from(withIccProfile(picture(12, 8), { name: 'x', profile: PROFILE }));
    damaged[45] ^= 0xff; // inside the compressed profile
    expect(iccProfileOf(damaged)).toBeNull();
    expect(iccProfileOf(Buffer.from('hello'))).toBeNull();
  });
  it('leaves out a profile of another colour space than RGB, which the painting (RGB) is not in', () => {
    for (const space of ['CMYK', 'GRAY']) expect(iccProfileOf(withIccProfile(picture(12, 8), { name: space, profile: ofSpace(space) }))).toBeNull();
    expect(iccProfileOf(jpegWithProfile(ofSpace('CMYK'), 1))).toBeNull();
    expect(iccProfileOf(withIccProfile(picture(12, 8), { name: 'short', profile: PROFILE.subarray(0, 100) }))).toBeNull();
    // nor does a strokes file's meta hand one on to `fude render`
    const meta = (profile: Uint8Array) => ({ colourProfile: { name: 'kept', icc: Buffer.from(profile).toString('base64') } });
    expect(profileFromMeta(meta(PROFILE))).toEqual({ name: 'kept', profile: PROFILE });
    expect(profileFromMeta(meta(ofSpace('CMYK')))).toBeNull();
  });
});

describe('painting.png', () => {
  it('carries the input\'s colour profile, and its pixels are those painted', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fude-icc-'));
    const paintIt = async (name: string, file: Buffer) => {
      writeFileSync(join(tmp, `${name}.png`), file);
      const r = await runCli(['paint', join(tmp, `${name}.png`), '--strokes', '8', '--size', '40', '--stages', '1', '--steps', '4', '--refine-steps', '0', '--out', join(tmp, name), '--json']);
      expect(r.stderr).toBe('');
      return { summary: JSON.parse(r.stdout), png: readFileSync(join(tmp, name, 'painting.png')) };
    };
    const plain = await paintIt('plain', picture(40, 30));
    const tagged = await paintIt('tagged', withIccProfile(picture(40, 30), { name: 'a camera profile', profile: PROFILE }));
    expect(iccProfileOf(plain.png)).toBeNull();
    expect(iccProfileOf(tagged.png)).toEqual({ name: 'a camera profile', profile: PROFILE });
    // the profile is carried, never applied: the same numbers painted, the same PSNR
    expect(decodePNG(tagged.png).data).toEqual(decodePNG(plain.png).data);
    expect(tagged.summary.psnr).toBe(plain.summary.psnr);
    // strokes.json keeps the profile, and `fude render` tags what it renders from them with it
    for (const [name, profile] of [['tagged', { name: 'a camera profile', profile: PROFILE }], ['plain', null]] as const) {
      const out = join(tmp, `${name}-render.png`);
      const r = await runCli(['render', join(tmp, name, 'strokes.json'), '--size', '80', '--out', out]);
      expect(r.stderr).toBe('');
      expect(iccProfileOf(readFileSync(out))).toEqual(profile);
    }
  });
});
