// Checkpoint blocks: how the active strokes are split into blocks of consecutive strokes, the weight of
// the canvas after each block in the objective (the process objective), and the GPU targets that the
// gradient forward, the adjoint pass and the backward share.
import { FudeError } from '../errors.js';
import { MAX_BLOCKS } from '../shaders/adjoint.glsl.js';
import { contextGone, drawBufferLimit, lostContext, type Target } from './gl.js';

/** A term of the process objective: the canvas after the first `end` active strokes, with a weight. */
export interface PrefixTerm { end: number; weight: number }

/** Most blocks a pass takes on this GPU: it writes the canvas after each block, and the canvas. */
export const maxBlocksOn = (gl: WebGL2RenderingContext): number => Math.min(MAX_BLOCKS, drawBufferLimit(gl) - 1);

/** Blocks of the active strokes: exclusive ends (the last is the count) and the weight of each end's canvas. */
export interface Blocks { ends: number[]; weights: number[] }

/**
 * Blocks for `count` strokes (at most maxBlocks: a pass writes the canvas after each, and the GPU's draw
 * buffers bound how many): every prefix term's end is a block end (a weight of 0 asks for the block
 * end alone, e.g. to measure that canvas); more ends (weight 0) split the
 * longest blocks until there are 3 blocks above 256 strokes (maxBlocks above 1024), because each block
 * bounds how far the backward walks; up to 256 strokes no more than the prefix terms ask. A block costs
 * the fused forward two outputs per pixel (its checkpoint and its adjoint layer), which a short walk
 * does not earn back. Measured under SwiftShader (2026-12-04, brush strokes at 256², ms per step with 1
 * / 4 blocks): 16 strokes 16.1 / 22.3, 64 18.3 / 24.3, 250 25.9 / 31.5; with 1 / 3 / 6 blocks: 300
 * strokes 32.9 / 32.2 / 45.2, 900 64.9 / 56.4 / 59.8. Whole paintings against 4 and 6 before, SwiftShader:
 * four images at 500 @ 256 29.6 s against 34.2 s (eight, seeds 1-2, with 2 blocks: 122.2 against 136.6
 * s); four at 1000 @ 256 44.7 against 52.1 s; graffiti 2000 @ 1024 123.0 against 131.1 s (3000 @ 768:
 * 95.8 against 119.1 s in one pair, but 95.9 against 96.5 s in the scale benches before and after).
 * llvmpipe, eight images at 500 @ 256: 3-5% less. The gradients are the same to float rounding
 * (relative 2e-8), so PSNRs move only as any float change moves an optimization (llvmpipe, eight
 * images at 500: -0.06 dB on seeds 1-2, which the settings were tuned on; +0.07 dB, 11 of 16 higher,
 * on seeds 5-6).
 */
export function resolveBlocks(count: number, prefixes: readonly PrefixTerm[], finalWeight: number, maxBlocks = MAX_BLOCKS): Blocks {
  if (count <= 0) return { ends: [], weights: [] };
  const weightAt = new Map<number, number>();
  for (const { end, weight } of prefixes) {
    const e = Math.round(end);
    if (e > 0 && e < count) weightAt.set(e, (weightAt.get(e) ?? 0) + weight);
  }
  if (weightAt.size + 1 > maxBlocks) {
    throw new FudeError('bad-option', `the process objective has ${weightAt.size} prefix terms inside ${count} strokes; at most ${maxBlocks - 1} fit in one pass on this GPU`);
  }
  const ends = [...weightAt.keys(), count].sort((a, b) => a - b);
  const wanted = Math.min(count, maxBlocks, count <= 256 ? 1 : count <= 1024 ? 3 : maxBlocks);
  while (ends.length < wanted) {
    let longest = 0, at = 0;
    ends.forEach((e, b) => { const len = e - (b ? ends[b - 1] : 0); if (len > longest) { longest = len; at = b; } });
    if (longest < 2) break;
    ends.splice(at, 0, (at ? ends[at - 1] : 0) + Math.floor(longest / 2));
  }
  return { ends, weights: ends.map((e) => (e === count ? finalWeight : weightAt.get(e) ?? 0)) };
}

/** The most 128-stroke mask texels that one block spans. */
export function blockTexels(blocks: Blocks): number {
  let most = 1, start = 0;
  for (const end of blocks.ends) { most = Math.max(most, ((end - 1) >> 7) - (start >> 7) + 1); start = end; }
  return most;
}

/** The strokes of each block as 128-bit mask texels: texel (k, b), RGBA32UI, bit c*32+j of texel k = stroke 128k + 32c + j. */
export function blockMasks(blocks: Blocks, maskTexels: number): Uint32Array {
  const out = new Uint32Array(blocks.ends.length * maskTexels * 4);
  let start = 0;
  blocks.ends.forEach((end, b) => {
    for (let j = start; j < end; j++) out[b * maskTexels * 4 + (j >> 5)] |= 1 << (j & 31);
    start = end;
  });
  return out;
}

/** Uniforms that place block ends and weights (BLOCK_OF, ADJOINT_FS); unused slots get huge ends and weight 0. */
export function blockUniforms(blocks: Blocks): Record<string, number[]> {
  const pad = (xs: number[], fill: number) => [...xs, ...Array(8).fill(fill)].slice(0, 8);
  const ends = pad(blocks.ends, 1e9), weights = pad(blocks.weights, 0);
  return { u_ends0: ends.slice(0, 4), u_ends1: ends.slice(4, 8), u_weights0: weights.slice(0, 4), u_weights1: weights.slice(4, 8) };
}

/** Two RGBA32F texture arrays of MAX_BLOCKS layers (checkpoints and adjoints) and framebuffers onto them. */
export interface CheckpointTargets {
  checkpoints: WebGLTexture;
  adjoints: WebGLTexture;
  bytes: number;
  /** Two-pass gradient forward: `blocks` checkpoint layers, then the canvas (which stages swap). */
  forward(blocks: number, canvas: WebGLTexture): Target;
  /** Fused gradient forward: `blocks` checkpoint layers, then `layers` adjoint layers. */
  fused(blocks: number, layers: number): Target;
  /** The separate adjoint pass: `layers` adjoint layers. */
  adjoint(layers: number): Target;
  dispose(): void;
}

/** One colour attachment: a 2-D texture, or a layer of a texture array. */
type Attachment = { texture: WebGLTexture; layer?: number };

export function createCheckpointTargets(gl: WebGL2RenderingContext, width: number, height: number): CheckpointTargets {
  const array = () => {
    const t = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, t);
    gl.texStorage3D(gl.TEXTURE_2D_ARRAY, 1, gl.RGBA32F, width, height, MAX_BLOCKS);
    gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, null);
    return t;
  };
  const checkpoints = array(), adjoints = array();
  const framebuffers = new Map<string, { framebuffer: WebGLFramebuffer; attached: Attachment[]; target: Target }>();
  const layers = (texture: WebGLTexture, n: number): Attachment[] => Array.from({ length: n }, (_, layer) => ({ texture, layer }));
  /** A framebuffer per key, (re)attached when its attachments change. */
  const get = (key: string, parts: Attachment[]): Target => {
    let fb = framebuffers.get(key);
    if (!fb) {
      const framebuffer = gl.createFramebuffer()!;
      const target = { fbi: { framebuffer, attachments: [], width, height }, textures: [], width, height, bytes: 0, dispose() {} } as unknown as Target;
      fb = { framebuffer, attached: [], target };
      framebuffers.set(key, fb);
    }
    if (parts.some((a, k) => fb!.attached[k]?.texture !== a.texture)) {
      gl.bindFramebuffer(gl.FRAMEBUFFER, fb.framebuffer);
      parts.forEach((a, k) => (a.layer === undefined
        ? gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + k, gl.TEXTURE_2D, a.texture, 0)
        : gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + k, a.texture, 0, a.layer)));
      gl.drawBuffers(parts.map((_, k) => gl.COLOR_ATTACHMENT0 + k));
      const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
      if (status !== gl.FRAMEBUFFER_COMPLETE) throw contextGone(gl) ? lostContext() : new FudeError('no-float-targets', `cannot render ${parts.length} RGBA32F checkpoint layers of ${width}x${height}`);
      fb.attached = parts;
    }
    return fb.target;
  };
  return {
    checkpoints, adjoints,
    bytes: 2 * width * height * MAX_BLOCKS * 16,
    forward: (blocks, canvas) => get(`forward-${blocks}`, [...layers(checkpoints, blocks), { texture: canvas }]),
    fused: (blocks, n) => get(`fused-${blocks}`, [...layers(checkpoints, blocks), ...layers(adjoints, n)]),
    adjoint: (n) => get(`adjoint-${n}`, layers(adjoints, n)),
    dispose() {
      for (const fb of framebuffers.values()) gl.deleteFramebuffer(fb.framebuffer);
      gl.deleteTexture(checkpoints);
      gl.deleteTexture(adjoints);
    },
  };
}
