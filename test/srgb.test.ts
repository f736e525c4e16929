// The outputs that carry no colour profile (the GIF, the video, the SVG) get a photograph's colours
// converted to sRGB, with a table the browser's colour management makes from the photograph's profile;
// painting.png keeps the colours painted and carries the profile.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesNothing, colourToSrgb, srgbConverter, srgbGrid, SRGB_GRID_STEPS } from '../src/paint/srgb.js';
import { srgbTableFor, strokesInSrgb } from '../src/node/srgb-table.js';
import { decodePNG, encodePNG, openSession, paintToFiles, parseStrokesFile, render, type Session, type Stroke } from '../src/node/index.js';
import { iccProfileOf, namedSrgb, withIccProfile } from '../src/node/icc.js';
import { bytesFrom, serveFile } from '../src/node/page-server.js';
import { adobeRgbLike, srgbProfile } from './helpers/icc-profile.js';
import { picture } from './helpers/images.js';

const tmp = mkdtempSync(join(tmpdir(), 'fude-srgb-'));

describe('the table, without a browser', () => {
  it('the grid itself as the table gives every colour back', () => {
    const grid = srgbGrid();
    expect(grid.width).toBe(SRGB_GRID_STEPS ** 2);
    for (const rgb of [[0, 0, 0], [255, 255, 255], [1, 128, 254], [37, 200, 99], [129, 3, 77]] as const) {
      expect(colourToSrgb(grid.data, rgb[0], rgb[1], rgb[2])).toEqual([...rgb]);
    }
    expect(changesNothing(grid.data)).toBe(true);
  });

  it('interpolates between the grid\'s colours: a table of a linear map gives that map everywhere', () => {
    const inverted = srgbGrid().data.map((v, i) => ((i & 3) === 3 ? v : 255 - v));
    expect(changesNothing(inverted)).toBe(false);
    const img = decodePNG(picture(40, 30));
    const out = srgbConverter(inverted)(img);
    for (let i = 0; i < img.data.length; i++) expect(out.data[i]).toBe((i & 3) === 3 ? img.data[i] : 255 - img.data[i]);
  });
});

describe('the SVG\'s colours', () => {
  it('every colour of every stroke type, and the background, go through the table', () => {
    const inverted = srgbGrid().data.map((v, i) => ((i & 3) === 3 ? v : 255 - v));
    const brush = { type: 'brush', x0: 0.1, y0: 0.1, x1: 0.5, y1: 0.2, x2: 0.9, y2: 0.1, r0: 0.05, r2: 0.02, c0: [1, 0, 0.2], c2: [0, 1, 0.6], alpha: 0.8 } as const;
    const rect = { type: 'rect', cx: 0.5, cy: 0.5, w: 0.2, h: 0.1, angle: 0, c: [0.2, 0.4, 1], alpha: 1 } as const;
    const { strokes, background } = strokesInSrgb(inverted, [brush, rect] as unknown as Stroke[], [1, 1, 1]);
    const round = (c: readonly number[]) => c.map((v) => Math.round(v * 255));
    expect(round(background)).toEqual([0, 0, 0]);
    expect(round((strokes[0] as typeof brush).c0)).toEqual([0, 255, 204]);
    expect(round((strokes[0] as typeof brush).c2)).toEqual([255, 0, 102]);
    expect(round((strokes[1] as typeof rect).c)).toEqual([204, 153, 0]);
    expect(strokes[0]).toMatchObject({ x0: 0.1, r2: 0.02, alpha: 0.8 }); // the shape is untouched
  });
});

describe('a profile that names itself sRGB needs no table', () => {
  it('reads the description of a version-2 and of a version-4 profile', () => {
    expect(namedSrgb(srgbProfile('sRGB IEC61966-2.1'))).toBe(true);
    expect(namedSrgb(srgbProfile('sRGB v4 ICC preference', true))).toBe(true);
    expect(namedSrgb(srgbProfile('Display P3', true))).toBe(false);
    expect(namedSrgb(adobeRgbLike('Adobe RGB (1998)'))).toBe(false);
    expect(namedSrgb(srgbProfile())).toBe(false); // no description: the browser is asked
    expect(namedSrgb(new Uint8Array(20))).toBe(false);
  });
});

describe('the browser makes the table from the profile', () => {
  let session: Session;
  beforeAll(async () => { session = await openSession(); });
  afterAll(async () => { await session?.close(); });

  /** The page's colour-managed decode of a PNG (what any browser shows of it): its RGBA bytes. */
  const shownAs = async (png: Uint8Array) => {
    const served = await serveFile(png);
    try { return bytesFrom(await session.call('srgbTable', { path: served.path, name: 'a test picture' })); } finally { served.release(); }
  };

  it('converting with the table matches the browser showing the same pixels tagged with the profile', async () => {
    const profile = adobeRgbLike('Adobe RGB (1998)');
    const table = await srgbTableFor(session, profile);
    expect(table).toBeDefined();
    const img = decodePNG(picture(64, 48));
    const shown = await shownAs(withIccProfile(encodePNG(img), { name: 'Adobe RGB', profile }));
    const ours = srgbConverter(table!)(img).data;
    // The table is exact to a level or two, but where colours leave sRGB's gamut the browser clips them,
    // and interpolating across the clip's corner errs (up to 16 levels, on one channel of saturated
    // greens, which no sRGB screen shows anyway): on this test picture's saturated gradients, 0.7% of
    // the channels are off by more than 3 levels, and the mean by 0.28.
    let over3 = 0, sum = 0, moved = 0;
    for (let i = 0; i < ours.length; i++) {
      if ((i & 3) === 3) continue;
      const d = Math.abs(ours[i] - shown[i]);
      if (d > 3) over3++;
      sum += d;
      moved = Math.max(moved, Math.abs(img.data[i] - shown[i]));
    }
    const channels = ours.length * 0.75;
    expect(moved).toBeGreaterThan(10); // the profile does change the colours shown
    expect(over3 / channels).toBeLessThan(0.02);
    expect(sum / channels).toBeLessThan(0.5);
  });

  it('decodeImage(…, \'srgb\') takes the colours the browser shows (as the interactive page paints), \'stored\' the numbers', async () => {
    const img = decodePNG(picture(48, 32));
    const tagged = withIccProfile(encodePNG(img), { name: 'Adobe RGB', profile: adobeRgbLike() });
    const decode = (colours: string) => session.page.evaluate(async (b64: string, colours: string) => {
      const f = (globalThis as unknown as { fude: { decodeImage(b: Uint8Array, side: number, name: string, atMost: boolean, colours: string): Promise<{ data: Uint8Array }>; base64ToBytes(s: string): Uint8Array } }).fude;
      return [...(await f.decodeImage(f.base64ToBytes(b64), 48, 'tagged.png', false, colours)).data];
    }, tagged.toString('base64'), colours);
    expect(await decode('stored')).toEqual([...img.data]);
    expect(await decode('srgb')).toEqual([...(await shownAs(tagged))]);
  });

  it('an sRGB profile changes nothing: no table, the outputs are left alone', async () => {
    expect(await srgbTableFor(session, srgbProfile())).toBeUndefined();
    expect(await srgbTableFor(session, undefined)).toBeUndefined();
  });

  it('paintToFiles: the GIF, the video and the SVG in sRGB, painting.png in the colours painted with the profile', async () => {
    const profile = adobeRgbLike();
    const input = withIccProfile(picture(48, 32), { name: 'Adobe RGB', profile });
    const out = join(tmp, 'tagged');
    const summary = await paintToFiles({ bytes: input, name: 'tagged.png' }, { out, session, strokes: 12, size: 48, stages: 1, stageSteps: 6, refineSteps: 0, video: 'process.webm' });
    expect(iccProfileOf(readFileSync(summary.files.png))?.profile).toEqual(profile);
    const doc = parseStrokesFile(readFileSync(summary.files.strokes, 'utf8'), 'strokes.json');
    const { width, height, background } = doc.canvas;
    const painted = await render({ strokes: doc.strokes, width, height, background }, { session });
    const table = (await srgbTableFor(session, profile))!;
    const expected = srgbConverter(table)(painted).data;
    // the GIF's last frame, decoded by the browser (a GIF carries no profile: shown as stored)
    const gifLast = await session.page.evaluate(async (b64: string) => {
      const decoder = new ImageDecoder({ data: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), type: 'image/gif' });
      await decoder.tracks.ready;
      const { image } = await decoder.decode({ frameIndex: decoder.tracks.selectedTrack!.frameCount - 1 });
      const canvas = new OffscreenCanvas(image.displayWidth, image.displayHeight);
      canvas.getContext('2d')!.drawImage(image, 0, 0);
      return [...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data];
    }, readFileSync(summary.files.gif).toString('base64'));
    let towardSrgb = 0, towardPainted = 0;
    for (let i = 0; i < expected.length; i++) {
      if ((i & 3) === 3) continue;
      towardSrgb += Math.abs(gifLast[i] - expected[i]);
      towardPainted += Math.abs(gifLast[i] - painted.data[i]);
    }
    const n = expected.length * 0.75;
    expect(towardSrgb / n).toBeLessThan(2.5); // a palette of 255 colours (chosen before the conversion) rounds a little
    expect(towardPainted / n).toBeGreaterThan(towardSrgb / n + 2);
    // the video's last frame too (VP9 rounds colours by a few levels, and more where they change)
    const videoLast = await session.page.evaluate(async (b64: string) => {
      const f = (globalThis as unknown as { fude: { readVideo(b: Uint8Array): Promise<{ last: Uint8Array }>; base64ToBytes(s: string): Uint8Array } }).fude;
      return [...(await f.readVideo(f.base64ToBytes(b64))).last];
    }, readFileSync(summary.files.video!).toString('base64'));
    let videoToSrgb = 0, videoToPainted = 0;
    for (let i = 0; i < expected.length; i++) {
      if ((i & 3) === 3) continue;
      videoToSrgb += Math.abs(videoLast[i] - expected[i]);
      videoToPainted += Math.abs(videoLast[i] - painted.data[i]);
    }
    expect(videoToPainted / n).toBeGreaterThan(videoToSrgb / n + 2);
    // the SVG's background is the painting's, converted
    const svg = readFileSync(summary.files.svg, 'utf8');
    const bg = colourToSrgb(table, ...(background.map((v) => Math.round(v * 255)) as [number, number, number]));
    expect(svg).toContain(`fill="rgb(${bg.join(',')})"`);
  });
});
