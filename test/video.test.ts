// Process videos: an MP4 (H.264) and a WebM (VP9) of the painting process decode to the asked number of
// frames at the asked size, and their last frame is the painting.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStrokesFile } from '../src/strokes/file.js';
import { decodePNG, render } from '../src/node/index.js';
import { runCli } from './helpers/cli.js';
import { useGpuPage } from './helpers/gpu.js';

const { session } = useGpuPage();
const tmp = mkdtempSync(join(tmpdir(), 'fude-video-'));
// a photograph, as paintings are (a synthetic pattern of sharp colour edges is what 4:2:0 video loses most)
const image = 'examples/astronaut.png';
const quick = ['--strokes', '40', '--size', '90', '--stages', '3', '--steps', '10', '--refine-steps', '10'];

async function read(file: string) {
  const b64 = readFileSync(file).toString('base64');
  return session().page.evaluate(async (b64) => {
    const f = (globalThis as any).fude;
    const v = await f.readVideo(f.base64ToBytes(b64));
    return { ...v, last: f.bytesToBase64(v.last) };
  }, b64);
}

/** The frames of an animated GIF as the browser composes them (WebCodecs' ImageDecoder), as base64 RGBA. */
async function readGif(file: string): Promise<string[]> {
  return session().page.evaluate(async (b64) => {
    const f = (globalThis as any).fude;
    const decoder = new (globalThis as any).ImageDecoder({ data: f.base64ToBytes(b64), type: 'image/gif' });
    await decoder.tracks.ready;
    const frames: string[] = [];
    for (let i = 0; i < decoder.tracks.selectedTrack.frameCount; i++) {
      const { image } = await decoder.decode({ frameIndex: i });
      const canvas = new OffscreenCanvas(image.displayWidth, image.displayHeight);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      image.close();
      frames.push(f.bytesToBase64(new Uint8Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer)));
    }
    return frames;
  }, readFileSync(file).toString('base64'));
}

describe('process videos', () => {
  for (const [name, extra, frames, size] of [
    ['process.mp4', ['--frame-count', '8'], 8, [90, 90]],
    // up to 99 macroblocks at a low bitrate OpenH264 declares level 1b, which WebCodecs would not decode
    ['process.mp4', ['--frame-count', '8', '--video-size', '128'], 8, [128, 128]],
    ['process.webm', ['--frames-every', '10', '--video-size', '64', '--fps', '5', '--hold', '2'], 4, [64, 64]],
  ] as const) {
    it(`${name}: decodes to ${frames} frames of ${size.join('x')}, the last of them the painting`, async () => {
      const out = join(tmp, `${name}-${size[0]}`);
      const r = await runCli(['paint', image, ...quick, '--out', out, '--video', name, ...extra, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const v = await read(join(out, name));
      expect([v.width, v.height]).toEqual(size);
      expect(v.frames).toBe(frames);
      expect(v.codec).toMatch(name.endsWith('.mp4') ? /^avc1/ : /^vp09/);
      // MP4 keeps the hold as the last frame's duration; WebM's blocks carry none (its segment duration does)
      if (name.endsWith('.mp4')) expect(v.duration).toBeCloseTo(8 / 12 + 1, 1);
      else expect(v.timestamps[3]).toBeCloseTo(3 / 5, 3);
      // the last frame against the strokes rendered at the video's size (the codec is lossy: on this
      // small painting of sharp strokes H.264 at 90 x 90 loses 2.1 levels, 3.4-4 before its
      // bitrate had a floor; VP9 at 64 x 64 2.4-2.6)
      const doc = parseStrokesFile(readFileSync(join(out, 'strokes.json'), 'utf8'));
      const png = await render({ strokes: doc.strokes, width: size[0], height: size[1], background: doc.canvas.background }, { session: session() });
      const last = Buffer.from(v.last, 'base64');
      let diff = 0;
      for (let i = 0; i < last.length; i++) if (i % 4 !== 3) diff += Math.abs(last[i] - png.data[i]);
      const mean = diff / (size[0] * size[1] * 3);
      console.log(`${name}: mean |last frame - painting| = ${mean.toFixed(2)} / 255`);
      expect(mean).toBeLessThan(4);
    });
  }

  it('--frames writes each frame as a PNG and the strokes up to it; process.gif shows the same frames', async () => {
    const out = join(tmp, 'frames');
    const r = await runCli(['paint', image, ...quick, '--out', out, '--frame-count', '6', '--frames']);
    expect(r.code).toBe(0);
    const counts = [0, 1, 2, 3, 4, 5].map((i) => parseStrokesFile(readFileSync(join(out, 'frames', `000${i}.json`), 'utf8')).strokes.length);
    expect(counts).toEqual([7, 13, 20, 27, 33, 40]);
    expect(readFileSync(join(out, 'frames', '0005.png')).subarray(1, 4).toString()).toBe('PNG');
    // the GIF's frames after the first draw only the pixels that changed (the rest transparent, the
    // frame before kept): decoded by the browser, each must be its frame, within the palette's error
    const gif = await readGif(join(out, 'process.gif'));
    expect(gif.length).toBe(6);
    gif.forEach((b64, i) => {
      const want = decodePNG(readFileSync(join(out, 'frames', `000${i}.png`)));
      const got = Buffer.from(b64, 'base64');
      let diff = 0;
      for (let p = 0; p < got.length; p++) if (p % 4 !== 3) diff += Math.abs(got[p] - want.data[p]);
      expect(diff / (want.width * want.height * 3)).toBeLessThan(3);
    });
  });

  it('a video of another format is refused before any work', async () => {
    const r = await runCli(['paint', image, '--video', 'process.avi', '--out', join(tmp, 'avi')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a process video must be \.mp4 \(H\.264\) or \.webm \(VP9\), got "process\.avi"/);
  });
});
