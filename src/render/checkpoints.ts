// The checkpoint targets of the forward-for-gradient pass: the canvas in attachment 0 and one layer of
// an RGBA32F texture array per stroke block in attachments 1..BLOCKS (see FORWARD_CHECKPOINT_FS).
import { FudeError } from '../errors.js';
import { CHECKPOINT_BLOCKS } from '../shaders/composite.glsl.js';
import type { Target } from './gl.js';

export interface Checkpoints {
  texture: WebGLTexture;
  /** The framebuffer with `canvas` as attachment 0 (the canvas texture changes when a stage is frozen). */
  attach(canvas: WebGLTexture): Target;
  dispose(): void;
}

export function createCheckpoints(gl: WebGL2RenderingContext, width: number, height: number): Checkpoints {
  const texture = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D_ARRAY, texture);
  gl.texStorage3D(gl.TEXTURE_2D_ARRAY, 1, gl.RGBA32F, width, height, CHECKPOINT_BLOCKS);
  gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.bindTexture(gl.TEXTURE_2D_ARRAY, null);
  const framebuffer = gl.createFramebuffer()!;
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  for (let b = 0; b < CHECKPOINT_BLOCKS; b++) gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT1 + b, texture, 0, b);
  gl.drawBuffers(Array.from({ length: CHECKPOINT_BLOCKS + 1 }, (_, k) => gl.COLOR_ATTACHMENT0 + k));
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  let attached: WebGLTexture | null = null;
  const target = { fbi: { framebuffer, attachments: [], width, height }, textures: [], width, height, dispose() {} } as unknown as Target;
  return {
    texture,
    attach(canvas) {
      if (attached !== canvas) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, canvas, 0);
        const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
        if (status !== gl.FRAMEBUFFER_COMPLETE) throw new FudeError('no-float-targets', `cannot render checkpoints to ${CHECKPOINT_BLOCKS} RGBA32F layers (status 0x${status.toString(16)})`);
        attached = canvas;
      }
      return target;
    },
    dispose() {
      gl.deleteFramebuffer(framebuffer);
      gl.deleteTexture(texture);
    },
  };
}

/** Strokes per checkpoint block for `count` active strokes. */
export const checkpointBlockSize = (count: number) => Math.max(1, Math.ceil(count / CHECKPOINT_BLOCKS));

/** Whether every checkpoint block lies within one 128-stroke mask texel. */
export function oneTexelBlocks(count: number): boolean {
  const size = checkpointBlockSize(count);
  for (let first = 0; first < count; first += size) if (first >> 7 !== (Math.min(first + size, count) - 1) >> 7) return false;
  return true;
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
