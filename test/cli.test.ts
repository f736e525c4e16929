// The CLI as a user runs it: outputs written and read back, bad input, interruption, continuation.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePNG } from '../src/node/outputs.js';
import { parseStrokesFile } from '../src/strokes/file.js';
import { runCli } from './helpers/cli.js';
import { ADOBE_JPEG_MEAN, ADOBE_JPEGS, palettePng, picture, pngVariant } from './helpers/images.js';

const tmp = mkdtempSync(join(tmpdir(), 'fude-cli-'));
const image = join(tmp, 'picture.png');
writeFileSync(image, picture(80, 60));
const quick = ['--strokes', '24', '--size', '64', '--stages', '3', '--steps', '6', '--refine-steps', '6'];

describe('fude paint', () => {
  const out = join(tmp, 'out');
  it('writes painting.png, strokes.json, painting.svg and process.gif, and a JSON summary', async () => {
    const r = await runCli(['paint', image, ...quick, '--out', out, '--json', '--output-size', '160', '--frames', '--frames-every', '8']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ strokes: 24, width: 64, height: 48, aborted: false });
    expect(summary.psnr).toBeGreaterThan(10);
    expect(summary.ssim).toBeGreaterThan(0);
    const png = decodePNG(readFileSync(join(out, 'painting.png')));
    expect([png.width, png.height]).toEqual([160, 120]);
    const doc = parseStrokesFile(readFileSync(join(out, 'strokes.json'), 'utf8'));
    expect(doc.strokes).toHaveLength(24);
    expect(doc.canvas).toMatchObject({ width: 64, height: 48 });
    const svg = readFileSync(join(out, 'painting.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="64" height="48"/);
    expect(svg.match(/<path /g)?.length).toBe(24); // 24 brush strokes (the default type) over the background
    expect(svg.match(/<rect /g)?.length).toBe(1);
    expect(readFileSync(join(out, 'process.gif')).subarray(0, 6).toString()).toBe('GIF89a');
    expect(existsSync(join(out, 'frames', '0002.png'))).toBe(true);
    // painting.png is not blank: the strokes painted a varied picture
    const values = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) values.add(png.data[i]);
    expect(values.size).toBeGreaterThan(20);
  });

  it('says how many strokes the painting hides, and to paint larger, when the canvas is too small for them', async () => {
    // 120 strokes on 16 x 12 pixels: at most 96 can each show 2 px
    const r = await runCli(['paint', image, '--strokes', '120', '--size', '16', '--stages', '1', '--steps', '3', '--refine-steps', '0', '--out', join(tmp, 'crowded')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n(\d+) of the 120 strokes show less than 2 px in the finished painting: a 16x12 canvas is small for 120 strokes \(try a larger --size or fewer --strokes\)\n/);
    expect(Number(/\n(\d+) of the 120/.exec(r.stdout)![1])).toBeGreaterThanOrEqual(24);
  });

  it('--progress-json prints every progress report as a JSON line on stderr, the last one done', async () => {
    const r = await runCli(['paint', image, ...quick, '--steps', '120', '--out', join(tmp, 'progress'), '--progress-json']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    const reports = lines.map((l) => JSON.parse(l));
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toMatchObject({ phase: 'done', strokes: 24, total: 24, etaMs: 0 });
    reports.forEach((p, i) => {
      expect(p.etaMs).toBeGreaterThanOrEqual(0);
      if (i) expect(p.elapsedMs).toBeGreaterThanOrEqual(reports[i - 1].elapsedMs);
    });
    expect(r.stdout).toMatch(/^24 strokes, PSNR/);
  });

  it('render re-renders strokes.json identically at the working size and at any other size', async () => {
    const same = join(tmp, 'same.png'), big = join(tmp, 'big.png');
    expect((await runCli(['render', join(out, 'strokes.json'), '--out', same])).code).toBe(0);
    const r = await runCli(['render', join(out, 'strokes.json'), '--size', '512', '--out', big]);
    expect(r.code).toBe(0);
    const a = decodePNG(readFileSync(same));
    expect([a.width, a.height]).toEqual([64, 48]);
    const b = decodePNG(readFileSync(big));
    expect([b.width, b.height]).toEqual([512, 384]);
    // the 512 px render, averaged down 8x8, is the same picture as the 64 px one
    let diff = 0;
    for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let dy = 0; dy < 8; dy++) for (let dx = 0; dx < 8; dx++) s += b.data[((y * 8 + dy) * 512 + x * 8 + dx) * 4 + k];
      diff += Math.abs(s / 64 - a.data[(y * 64 + x) * 4 + k]);
    }
    expect(diff / (64 * 48 * 3)).toBeLessThan(4);
  });

  it('renders at 8192 px, the texture limit of the GPU here, tile by tile', async () => {
    const big = join(tmp, 'big8192.png');
    const r = await runCli(['render', join(out, 'strokes.json'), '--size', '8192', '--out', big]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const png = decodePNG(readFileSync(big));
    expect([png.width, png.height]).toEqual([8192, 6144]);
    // tiles meet seamlessly: the pixels either side of a tile edge (x = 2048) differ as little as
    // neighbouring columns inside a tile do (a tile drawn with another offset or scale, or without some
    // strokes, would differ along the whole edge). Means, not maxima: a stroke's own edge (up to 40+
    // levels between two pixels) can cross the tile edge anywhere.
    const at = (x: number, y: number) => png.data[(y * 8192 + x) * 4];
    const across = (x: number) => {
      let sum = 0, n = 0;
      for (let y = 0; y < 6144; y += 7, n++) sum += Math.abs(at(x, y) - at(x + 1, y));
      return sum / n;
    };
    const inside = Math.max(across(2045), across(2046), across(2048), across(2049));
    console.log(`tile edge: ${across(2047).toFixed(3)} levels on average across it, ${inside.toFixed(3)} at most beside it`);
    expect(across(2047)).toBeLessThan(2 * inside + 0.5);
  });

  it('continues a painting from its strokes file', async () => {
    const more = join(tmp, 'more');
    const r = await runCli(['paint', image, ...quick.slice(2), '--strokes', '10', '--continue', join(out, 'strokes.json'), '--out', more, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).strokes).toBe(34);
    expect(parseStrokesFile(readFileSync(join(more, 'strokes.json'), 'utf8')).strokes).toHaveLength(34);
  });

  it('a continued painting keeps its background unless asked for another, and refuses a picture of another shape', async () => {
    const first = join(tmp, 'red'), again = join(tmp, 'red-more'), white = join(tmp, 'red-white');
    const few = [...quick.slice(2), '--strokes', '6', '--json'];
    expect((await runCli(['paint', image, ...few, '--background', '#ff0000', '--out', first])).code).toBe(0);
    const file = join(first, 'strokes.json');
    expect((await runCli(['paint', image, ...few, '--continue', file, '--out', again])).code).toBe(0);
    expect(parseStrokesFile(readFileSync(join(again, 'strokes.json'), 'utf8')).canvas.background).toEqual([1, 0, 0]);
    expect((await runCli(['paint', image, ...few, '--continue', file, '--background', 'white', '--out', white])).code).toBe(0);
    expect(parseStrokesFile(readFileSync(join(white, 'strokes.json'), 'utf8')).canvas.background).toEqual([1, 1, 1]);
    const wide = join(tmp, 'wide.png');
    writeFileSync(wide, picture(90, 30));
    const r = await runCli(['paint', wide, ...few, '--continue', file, '--out', join(tmp, 'wide-more')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the strokes to continue were painted on a \d+x\d+ canvas, and .*wide\.png is 90x30, another shape: continue a painting on the picture it was painted from/);
  });

  it('paints over a starting canvas image (semi-to-complete) instead of the flat background', async () => {
    // one stroke, no optimization: over the picture itself as the canvas the result is nearly the
    // picture (high PSNR); over a flat colour it would be one stroke on a plain canvas (low PSNR)
    const one = ['--strokes', '1', '--size', '64', '--stages', '1', '--steps', '0', '--refine-steps', '0', '--max-size', '0.2', '--json'];
    const over = JSON.parse((await runCli(['paint', image, ...one, '--canvas', image, '--out', join(tmp, 'over')])).stdout);
    const flat = JSON.parse((await runCli(['paint', image, ...one, '--out', join(tmp, 'flat')])).stdout);
    expect(over.psnr).toBeGreaterThan(25);
    expect(flat.psnr).toBeLessThan(20);
    const doc = parseStrokesFile(readFileSync(join(tmp, 'over', 'strokes.json'), 'utf8'));
    expect(doc.meta?.canvasImage).toBe(image);
    expect(readFileSync(join(tmp, 'over', 'painting.svg'), 'utf8')).toMatch(/<image href="data:image\/png;base64,/);
    // render with the same canvas gives the painting again
    const again = join(tmp, 'again.png');
    // painting.png is at the input's own size (80 px): render there too
    expect((await runCli(['render', join(tmp, 'over', 'strokes.json'), '--canvas', image, '--size', '80', '--out', again])).code).toBe(0);
    const a = decodePNG(readFileSync(again)), b = decodePNG(readFileSync(join(tmp, 'over', 'painting.png')));
    let maxDiff = 0;
    for (let i = 0; i < a.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.data[i] - b.data[i]));
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it('Ctrl-C keeps strokes.json and painting.png of the strokes painted so far', async () => {
    const stopped = join(tmp, 'stopped');
    let sent = false;
    const r = await runCli(['paint', image, '--strokes', '400', '--size', '64', '--stages', '8', '--steps', '400', '--out', stopped], {
      onStderr: (chunk, child) => { if (!sent && /stage/.test(chunk)) { sent = true; child.kill('SIGINT'); } },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/writing the strokes painted so far/);
    const doc = parseStrokesFile(readFileSync(join(stopped, 'strokes.json'), 'utf8'));
    expect(doc.strokes.length).toBeGreaterThan(0);
    expect(doc.strokes.length).toBeLessThan(400);
    expect(doc.meta?.aborted).toBe(true);
    expect(decodePNG(readFileSync(join(stopped, 'painting.png'))).width).toBe(80); // the input's own size
  });

  it('paints an image larger than the GPU allows by working at the chosen resolution', async () => {
    const file = join(tmp, 'wide.png');
    writeFileSync(file, picture(9000, 40)); // wider than MAX_TEXTURE_SIZE (8192 here)
    const r = await runCli(['paint', file, '--strokes', '4', '--size', '64', '--stages', '1', '--steps', '2', '--refine-steps', '0', '--out', join(tmp, 'o-wide'), '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ strokes: 4, width: 64, height: 2 });
  });

  it('writes painting.png at the input\'s size up to 4x the working size, unless --output-size or --size full says', async () => {
    const file = join(tmp, 'large.png');
    writeFileSync(file, picture(600, 300));
    const quick = ['--strokes', '4', '--stages', '1', '--steps', '2', '--refine-steps', '0'];
    const side = async (name: string, extra: string[]) => {
      const r = await runCli(['paint', file, ...quick, ...extra, '--out', join(tmp, name)]);
      expect(r.code).toBe(0);
      const png = decodePNG(readFileSync(join(tmp, name, 'painting.png')));
      return [png.width, png.height];
    };
    expect(await side('o-cap', ['--size', '64'])).toEqual([256, 128]);
    expect(await side('o-cap-out', ['--size', '64', '--output-size', '600'])).toEqual([600, 300]);
    expect(await side('o-cap-full', ['--size', 'full'])).toEqual([600, 300]);
  });

  it('--size full paints at the image\'s own size, and caps it at what the GPU can paint at', async () => {
    const own = join(tmp, 'o-full');
    const r = await runCli(['paint', image, '--size', 'full', '--strokes', '8', '--stages', '2', '--steps', '3', '--refine-steps', '0', '--out', own, '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ strokes: 8, width: 80, height: 60 });
    expect(parseStrokesFile(readFileSync(join(own, 'strokes.json'), 'utf8')).canvas).toMatchObject({ width: 80, height: 60 });
    const png = decodePNG(readFileSync(join(own, 'painting.png')));
    expect([png.width, png.height]).toEqual([80, 60]);
    // wider than the GPU's largest painting: the working size is that limit, the shape kept
    const wide = join(tmp, 'full-wide.png');
    writeFileSync(wide, picture(9000, 40));
    const capped = await runCli(['paint', wide, '--size', 'full', '--strokes', '4', '--stages', '1', '--steps', '2', '--refine-steps', '0', '--out', join(tmp, 'o-full-wide'), '--json']);
    expect(capped.stderr).toBe('');
    const summary = JSON.parse(capped.stdout);
    expect(summary.width).toBeGreaterThanOrEqual(1024); // 2240 px here (SwiftShader and llvmpipe alike)
    expect(summary.width).toBeLessThan(9000);
    expect(summary.height).toBe(Math.round((40 * summary.width) / 9000));
  });

  for (const kind of ['grey', 'alpha', 'rgb16', 'palette'] as const) {
    it(`paints a ${kind} PNG`, async () => {
      const file = join(tmp, `${kind}.png`);
      writeFileSync(file, kind === 'palette' ? palettePng(40, 32) : pngVariant(40, 32, kind));
      const r = await runCli(['paint', file, '--strokes', '6', '--size', '32', '--stages', '1', '--steps', '3', '--refine-steps', '0', '--out', join(tmp, `o-${kind}`), '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ strokes: 6, width: 32, height: 26 });
    });
  }

  for (const kind of ['cmyk', 'ycck'] as const) {
    it(`paints a ${kind.toUpperCase()} JPEG in its own colours, not their negative`, async () => {
      const file = join(tmp, `${kind}.jpg`);
      writeFileSync(file, Buffer.from(ADOBE_JPEGS[kind], 'base64'));
      const r = await runCli(['paint', file, '--strokes', '4', '--size', '32', '--stages', '1', '--steps', '3', '--refine-steps', '0', '--out', join(tmp, `o-${kind}`), '--json']);
      expect(r.stderr).toBe('');
      // the background is the picture's mean colour as decoded
      const background = parseStrokesFile(readFileSync(join(tmp, `o-${kind}`, 'strokes.json'), 'utf8')).canvas.background;
      background.forEach((v, c) => expect(Math.abs(v * 255 - ADOBE_JPEG_MEAN[c])).toBeLessThan(3));
    });
  }
});

describe('bad input gets one clear line and a non-zero exit', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['paint', join(tmp, 'nope.png')], /cannot read .*nope\.png: no such file/],
    ['a web address', () => ['paint', 'https://example.com/cat.jpg'], /https:\/\/example\.com\/cat\.jpg is a web address: fude reads files, so download the image first/],
    ['a web address in a batch', () => ['batch', 'http://example.com/a.jpg', '--out', join(tmp, 'wb-batch')], /http:\/\/example\.com\/a\.jpg is a web address: fude reads files, so download the image first/],
    ['a folder instead of an image', () => ['paint', tmp], /is a folder, not an image \(to paint every image in a folder: fude batch, or paintBatch\)/],
    ['a starting canvas of another shape', () => { const f = join(tmp, 'wide-canvas.png'); writeFileSync(f, picture(90, 30)); return ['paint', image, '--canvas', f, '--out', join(tmp, 'wc')]; }, /the starting canvas .*wide-canvas\.png is 90x30 and .*picture\.png is \d+x\d+, another shape: give a canvas of the picture's shape/],
    ['a render canvas of another shape', () => { const f = join(tmp, 'wide-base.png'); writeFileSync(f, picture(90, 30)); return ['render', join(tmp, 'out', 'strokes.json'), '--canvas', f, '--out', join(tmp, 'wb.png')]; }, /wide-base\.png is 90x30, and the canvas it goes on is \d+x\d+, another shape: give the canvas the strokes were painted over/],
    ['a file that is not an image', () => { const f = join(tmp, 'text.png'); writeFileSync(f, 'hello'); return ['paint', f]; }, /is not an image fude can read/],
    ['an empty file', () => { const f = join(tmp, 'empty.png'); writeFileSync(f, ''); return ['paint', f]; }, /is empty \(0 bytes\)/],
    ['a truncated PNG', () => { const f = join(tmp, 'cut.png'); writeFileSync(f, picture(60, 40).subarray(0, 100)); return ['paint', f]; }, /cut\.png starts as a PNG file but could not be decoded \(100 bytes\): it is probably truncated or corrupt/],
    ['a TIFF', () => { const f = join(tmp, 'scan.tif'); writeFileSync(f, Buffer.from('II*\0\x08\0\0\0', 'latin1')); return ['paint', f]; }, /scan\.tif is a TIFF file, which fude cannot read: convert it to PNG or JPEG first/],
    ['a 1x1 image', () => { const f = join(tmp, 'one.png'); writeFileSync(f, picture(1, 1)); return ['paint', f, '--out', join(tmp, 'o1')]; }, /is 1x1 pixels: fude needs at least 2x2/],
    ['a negative stroke count', () => ['paint', image, '--strokes=-5'], /strokes must be a whole number from 1 to 50000, got -5/],
    ['a size outside (0,1]', () => ['paint', image, '--max-size', '2'], /maxSize must be in \(0, 1\]/],
    ['an unknown stroke type', () => ['paint', image, '--type', 'blob'], /unknown stroke type "blob"/],
    ['a bad background', () => ['paint', image, '--background', 'pink'], /background must be white, black, mean, #rrggbb/],
    ['an unknown option', () => ['paint', image, '--colour', 'red'], /Unknown option '--colour'/],
    ['an unwritable output directory', () => { const f = join(tmp, 'a-file'); writeFileSync(f, 'x'); return ['paint', image, '--out', join(f, 'sub')]; }, /cannot write to the output directory .*a-file\/sub: (ENOTDIR|EEXIST)/],
    ['an output size larger than the GPU allows', () => ['paint', image, '--output-size', '100000', '--out', join(tmp, 'huge')], /output size 100000 px is more than this GPU can render \(\d+ px per side\)/],
    ['a strokes file of another schema version', () => { const f = join(tmp, 'v9.json'); writeFileSync(f, JSON.stringify({ format: 'fude-strokes', version: 9, canvas: { width: 4, height: 4, background: [1, 1, 1] }, strokes: [] })); return ['render', f]; }, /has schema version 9; this fude reads versions 1 and 2/],
    ['a strokes file with invalid values', () => { const f = join(tmp, 'bad.json'); writeFileSync(f, JSON.stringify({ format: 'fude-strokes', version: 1, canvas: { width: 4, height: 4, background: [1, 1, 1] }, strokes: [{ type: 'rect', cx: 0.5, cy: 0.5, w: 0.2, h: 0.1, angle: 0, c: [2, 0, 0], alpha: 1 }] })); return ['render', f]; }, /stroke 0 \(rect\): c\[0\] = 2 is out of range \(colours are in \[0, 1\]\)/],
    ['a strokes file with a huge position', () => { const f = join(tmp, 'far.json'); writeFileSync(f, JSON.stringify({ format: 'fude-strokes', version: 2, canvas: { width: 4, height: 4, background: [1, 1, 1] }, strokes: [{ type: 'rect', cx: 1e39, cy: 0.5, w: 0.2, h: 0.1, angle: 0, c: [1, 0, 0], alpha: 1 }] })); return ['render', f]; }, /far\.json: stroke 0 \(rect\): cx = 1e\+39 is out of range \(positions are fractions of the canvas/],
    ['a negative stroke count with a space', () => ['paint', image, '--strokes', '-5'], /strokes must be a whole number from 1 to 50000, got -5/],
    ['a render size beyond the limit', () => ['render', join(tmp, 'out', 'strokes.json'), '--size', '100000'], /--size 100000 is more than this GPU can render \(\d+ px per side/],
    ['a working size beyond the GPU', () => ['paint', image, '--size', '9000'], /size \(working resolution, longer side\) must be a whole number of pixels from 8 to 8192, or full, got 9000/],
    ['an unknown renderer', () => ['paint', image, '--renderer', 'voodoo'], /--renderer must be one of auto, gpu, llvmpipe, swiftshader, got "voodoo"/],
    ['a browser that is not Chromium', () => ['paint', image, '--browser', '/bin/false', '--out', join(tmp, 'nb')], /could not start the browser at \/bin\/false: it exited \(code 1\) before it listened/],
    ['a strokes file at a web address', () => ['render', 'https://example.com/strokes.json'], /https:\/\/example\.com\/strokes\.json is a web address: fude reads files, so download the strokes file first/],
    ['a folder for a strokes file', () => ['paint', image, '--continue', tmp, '--out', join(tmp, 'cf')], /cannot read .*: it is a folder/],
    ['a strokes file that is not JSON', () => { const f = join(tmp, 'junk.json'); writeFileSync(f, '{oops'); return ['render', f]; }, /is not valid JSON/],
  ];
  // Node's recursive mkdir loops for ever (full CPU, deaf to SIGTERM) where mkdir keeps failing with
  // ENOENT under a parent that exists, as under /proc on Linux: killed after 20 s if it comes back
  it.skipIf(!existsSync('/proc/self'))('an output directory the system cannot make (/proc), for paint and render', async () => {
    for (const args of [['paint', image, '--out', '/proc/fude-out/sub'], ['render', join(tmp, 'out', 'strokes.json'), '--out', '/proc/fude-out/p.png']]) {
      const r = await runCli(args, { killAfterMs: 20_000 });
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot write to (the output directory )?\/proc\/fude-out(\/sub)?: ENOENT/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await runCli(args());
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack dump
    });
  }
});
