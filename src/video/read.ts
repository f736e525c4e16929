// Reading a process video back (mediabunny demuxes, WebCodecs decodes): its size, frame count, frame
// times and the last frame's pixels, so tests and tools can check what was written.
import { ALL_FORMATS, BufferSource, Input, VideoSampleSink } from 'mediabunny';
import { FudeError } from '../errors.js';

export interface VideoSummary {
  width: number;
  height: number;
  frames: number;
  /** Presentation time of each frame, seconds. */
  timestamps: number[];
  /** How long the file plays, seconds. */
  duration: number;
  codec: string | null;
  /** The last frame as RGBA bytes. */
  last: Uint8Array;
}

export async function readVideo(bytes: Uint8Array): Promise<VideoSummary> {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  if (!track) throw new FudeError('bad-input', 'the file has no video track');
  const timestamps: number[] = [];
  let last: Uint8Array = new Uint8Array(0);
  const sink = new VideoSampleSink(track);
  for await (const sample of sink.samples()) {
    timestamps.push(sample.timestamp);
    const frame = sample.toVideoFrame();
    // coded sizes are padded to the codec's blocks: copy the visible rectangle
    const { displayWidth: w, displayHeight: h } = frame;
    const rgba = new Uint8Array(w * h * 4);
    await frame.copyTo(rgba, { format: 'RGBA', rect: { x: 0, y: 0, width: w, height: h } });
    frame.close();
    sample.close();
    last = rgba;
  }
  return { width: track.displayWidth, height: track.displayHeight, frames: timestamps.length, timestamps, duration: await input.computeDuration(), codec: await track.getCodecParameterString(), last };
}
