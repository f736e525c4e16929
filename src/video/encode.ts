// The painting process as a video: frames encoded in the browser with WebCodecs and muxed by mediabunny
// into MP4 (H.264) or WebM (VP9). Runs where WebCodecs runs: a secure context (the Node bridge serves its
// page from 127.0.0.1 for this).
import { BufferTarget, canEncodeVideo, Mp4OutputFormat, Output, Quality, VideoSample, VideoSampleSource, WebMOutputFormat } from 'mediabunny';
import { FudeError } from '../errors.js';
import type { ByteImage } from '../paint/image.js';

export type VideoFormat = 'mp4' | 'webm';

export interface VideoOptions {
  format: VideoFormat;
  /** Frames per second. */
  fps: number;
  /** Seconds the last frame (the finished painting) stays on screen after its own frame time. */
  holdSeconds: number;
}

export const DEFAULT_VIDEO: VideoOptions = { format: 'mp4', fps: 12, holdSeconds: 1 };

/** The video format a file name asks for. */
export function videoFormatOf(file: string): VideoFormat {
  if (/\.mp4$/i.test(file)) return 'mp4';
  if (/\.webm$/i.test(file)) return 'webm';
  throw new FudeError('bad-option', `a process video must be .mp4 (H.264) or .webm (VP9), got "${file}"`);
}

/** Encoders want even sides: the size a video of these frames gets (frames are cropped by at most a pixel). */
export const evenSize = (n: number) => Math.max(2, n - (n % 2));

/**
 * How hard the encoder may compress. Where the browser's encoder takes a quantizer (Chromium's VP9), the
 * one mediabunny's 'very-high' quality uses; where it does not (Chromium's H.264, OpenH264), a bitrate.
 * Every frame is a key frame (so that any frame can be sought), and the bitrates of quality presets
 * assume mostly inter-coded frames: 'very-high' gave H.264 at 90 x 90 60 kbit/s, and its last frame
 * differed from the painting by 6.6 levels per channel (2.7 with this rate). So at least 2 bits per pixel
 * per frame, and at least 200 kbit/s: at 64-160 kbit/s OpenH264 declares level 1b for videos of up to
 * 99 macroblocks (112 to 144 px square), which Chromium's WebCodecs then refuses to decode (avc1.640c09).
 */
function rateControl(codec: 'avc' | 'vp9', width: number, height: number, fps: number): Quality {
  const VERY_HIGH_QUANTIZER = { avc: 16, vp9: 20 }; // mediabunny's codec registry: the 'best' of each
  const bitrate = Math.max(MIN_BITRATE, Math.round(width * height * fps * MIN_BITS_PER_PIXEL));
  return new Quality({ quantizer: VERY_HIGH_QUANTIZER[codec], bitrate });
}
const MIN_BITRATE = 200_000, MIN_BITS_PER_PIXEL = 2;

/** Encodes frames (all the same size) into a video file. */
export async function encodeVideo(frames: ByteImage[], options: VideoOptions): Promise<Uint8Array> {
  if (frames.length === 0) throw new FudeError('bad-input', 'a video needs at least one frame');
  if (!(options.fps > 0 && options.fps <= 120)) throw new FudeError('bad-option', `fps must be in (0, 120], got ${options.fps}`);
  if (!(options.holdSeconds >= 0 && options.holdSeconds <= 600)) throw new FudeError('bad-option', `hold must be 0 to 600 seconds, got ${options.holdSeconds}`);
  if (typeof VideoEncoder === 'undefined') throw new FudeError('no-webgl2', 'this browser has no WebCodecs (VideoEncoder): videos need Chrome 94+ in a secure context');
  const width = evenSize(frames[0].width), height = evenSize(frames[0].height);
  const codec = options.format === 'mp4' ? 'avc' : 'vp9';
  if (!(await canEncodeVideo(codec, { width, height }))) throw new FudeError('bad-option', `this browser cannot encode ${options.format === 'mp4' ? 'H.264' : 'VP9'} at ${width}x${height}`);
  const output = new Output({
    format: options.format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const source = new VideoSampleSource({ codec, bitrate: rateControl(codec, width, height, options.fps), keyFrameInterval: 1 });
  output.addVideoTrack(source, { frameRate: options.fps });
  await output.start();
  const dt = 1 / options.fps;
  for (let i = 0; i < frames.length; i++) {
    const data = cropTo(frames[i], width, height);
    const last = i === frames.length - 1;
    const sample = new VideoSample(data, { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp: i * dt, duration: last ? dt + options.holdSeconds : dt });
    await source.add(sample);
    sample.close();
  }
  await output.finalize();
  return new Uint8Array((output.target as BufferTarget).buffer!);
}

function cropTo(img: ByteImage, width: number, height: number): Uint8Array {
  if (img.width === width && img.height === height) return new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) out.set(img.data.subarray(y * img.width * 4, y * img.width * 4 + width * 4), y * width * 4);
  return out;
}
