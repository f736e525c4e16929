// The targets of the forward-for-gradient pass: the canvas in attachment 0, the loss (dL/dC and the
// pixel's loss, fused into the same pass) in attachment 1, and one layer of an RGBA32F texture array
// per stroke block in attachments 2.. (see FORWARD_CHECKPOINT_FS).
import { FudeError } from '../errors.js';
import { MAX_CHECKPOINT_BLOCKS } from '../shaders/composite.glsl.js';
import type { Target } from './gl.js';

/**
 * Checkpoint blocks for `count` active strokes. Each block costs every pixel a little bookkeeping in
 * the forward; fewer blocks make the backward walk more strokes. Measured under SwiftShader (256²):
 * 4 blocks win up to 256 strokes, 6 at 1024.
 */
export const checkpointBlocks = (count: number) => (count <= 256 ? 4 : MAX_CHECKPOINT_BLOCKS);

export interface Checkpoints {
  texture: WebGLTexture;
  /** The framebuffer for `blocks` blocks over `canvas` and `loss` (both change: stages swap canvases). */
  attach(canvas: WebGLTexture, loss: WebGLTexture, blocks: number): Target;
  dispose(): void;
}

export function createCheckpoints(gl: WebGL2RenderingContext, width: number, height: number): Checkpoints {
  const texture = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D_ARRAY, texture);
  gl.texStorage3D(gl.TEXTURE_2D_ARRAY, 1, gl.RGBA32F, width, height, MAX_CHECKPOINT_BLOCKS);
  gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.bindTexture(gl.TEXTURE_2D_ARRAY, null);
  const framebuffers = new Map<number, { framebuffer: WebGLFramebuffer; canvas: WebGLTexture | null; loss: WebGLTexture | null; target: Target }>();
  return {
    texture,
    attach(canvas, loss, blocks) {
      let fb = framebuffers.get(blocks);
      if (!fb) {
        const framebuffer = gl.createFramebuffer()!;
        gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
        for (let b = 0; b < blocks; b++) gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT2 + b, texture, 0, b);
        gl.drawBuffers(Array.from({ length: blocks + 2 }, (_, k) => gl.COLOR_ATTACHMENT0 + k));
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
        const target = { fbi: { framebuffer, attachments: [], width, height }, textures: [], width, height, dispose() {} } as unknown as Target;
        fb = { framebuffer, canvas: null, loss: null, target };
        framebuffers.set(blocks, fb);
      }
      if (fb.canvas !== canvas || fb.loss !== loss) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, fb.framebuffer);
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, canvas, 0);
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT1, gl.TEXTURE_2D, loss, 0);
        const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
        if (status !== gl.FRAMEBUFFER_COMPLETE) throw new FudeError('no-float-targets', `cannot render checkpoints to ${blocks} RGBA32F layers (status 0x${status.toString(16)})`);
        fb.canvas = canvas;
        fb.loss = loss;
      }
      return fb.target;
    },
    dispose() {
      for (const fb of framebuffers.values()) gl.deleteFramebuffer(fb.framebuffer);
      gl.deleteTexture(texture);
    },
  };
}

/** Strokes per checkpoint block for `count` active strokes. */
export const checkpointBlockSize = (count: number) => Math.max(1, Math.ceil(count / checkpointBlocks(count)));

/** The most 128-stroke mask texels that one checkpoint block spans. */
export function blockTexels(count: number): number {
  const size = checkpointBlockSize(count);
  let most = 1;
  for (let first = 0; first < count; first += size) most = Math.max(most, ((Math.min(first + size, count) - 1) >> 7) - (first >> 7) + 1);
  return most;
}

/**
 * For each stroke i, the other strokes of its checkpoint block as 128-bit mask texels: texel (k, i),
 * RGBA32UI, bit b of word c = stroke 128k + 32c + b. The backward ANDs it with the tile mask.
 */
export function blockMasks(count: number, maskTexels: number): Uint32Array {
  const out = new Uint32Array(count * maskTexels * 4);
  const size = checkpointBlockSize(count);
  for (let first = 0; first < count; first += size) {
    const row = new Uint32Array(maskTexels * 4);
    const last = Math.min(first + size, count);
    for (let j = first; j < last; j++) row[j >> 5] |= 1 << (j & 31);
    for (let i = first; i < last; i++) {
      out.set(row, i * maskTexels * 4);
      out[i * maskTexels * 4 + (i >> 5)] &= ~(1 << (i & 31));
    }
  }
  return out;
}
