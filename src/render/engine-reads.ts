// What the engine reads back: the loss and the errors (reduced on the GPU), the canvas as floats or
// bytes, the frames of a process from one walk, the strokes, their gradients and optimizer state, and
// how much of each stroke shows. engine.ts wraps each in the engine's GL state.
import { FudeError } from '../errors.js';
import { PREFIX_ERROR_FS } from '../shaders/adjoint.glsl.js';
import { FRAMES_FS } from '../shaders/forward.glsl.js';
import { TO_BYTES_FS } from '../shaders/passes.glsl.js';
import { FLOATS_PER_STROKE, TEXELS_PER_STROKE } from '../strokes/layout.js';
import { readFloat, runPass } from './gl.js';
import { blockUniforms } from './checkpoints.js';
import { readStrokeData } from './stroke-state.js';
import { backward, computeLoss, forward } from './engine-passes.js';
import { ensureCanvas, notePeak, pass, prepareTiles, strokeUniforms, typesOf, type EngineCore } from './engine-core.js';
import type { EngineStats, OptimizerState } from './engine-types.js';

const NOT_FINITE = 'the loss is not finite: a stroke parameter became NaN or infinite (lower the learning rates)';

/** Sum over the pixels of one adjoint layer (layer 0: the objective in .w; layer 1: the squared error). */
const adjointSum = (core: EngineCore, layer: number) => core.summer.get().sum(core.cps.get().adjoints, layer);

export function readLoss(core: EngineCore): number {
  if (core.lossBlocks === 0) throw new FudeError('bad-input', 'readLoss() needs computeLoss() first');
  const value = adjointSum(core, 0)[3];
  if (!Number.isFinite(value)) throw new FudeError('nan', NOT_FINITE);
  return value;
}

export function readStats(core: EngineCore, prefixes: boolean): EngineStats {
  if (core.lossBlocks === 0) throw new FudeError('bad-input', 'readStats() needs computeLoss() first');
  const objective = adjointSum(core, 0)[3], mse = adjointSum(core, 1)[3];
  if (!Number.isFinite(objective)) throw new FudeError('nan', NOT_FINITE);
  const B = core.lossBlocks;
  let prefixMse: number[] = [];
  if (prefixes && core.prefixReady && B > 1) {
    const errors = core.prefixErrors.get();
    runPass(core.gl, pass(core, `prefix-error-${B}`, () => PREFIX_ERROR_FS(B)), errors,
      { u_checkpoints: core.cps.get().checkpoints, u_target: core.target.get().textures[0], u_norm: 1 / (3 * core.width * core.height) });
    const e = [...core.summer.get().sum(errors.textures[0]), ...core.summer.get().sum(errors.textures[1])];
    prefixMse = e.slice(0, B - 1);
  }
  return { objective, mse, prefixMse, blockEnds: B > 1 ? [...core.blocks.ends] : [core.count] };
}

export function readCanvas(core: EngineCore): Float32Array {
  ensureCanvas(core);
  return readFloat(core.gl, core.canvas);
}

export function readCanvasBytes(core: EngineCore): Uint8Array {
  const { gl, width, height } = core;
  ensureCanvas(core);
  const bytes = core.bytesTarget.get();
  runPass(gl, pass(core, 'to-bytes', () => TO_BYTES_FS), bytes, { u_canvas: core.canvas.textures[0] });
  const out = new Uint8Array(width * height * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, bytes.fbi.framebuffer);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return out;
}

/** The canvas after the first ends[k] strokes, for up to framesPerPass ascending ends, from one walk. */
export function readFramesBytes(core: EngineCore, ends: readonly number[]): Uint8Array[] {
  const { gl, width, height, count, framesPerPass } = core;
  if (ends.length < 1 || ends.length > framesPerPass || ends.some((e, k) => !Number.isInteger(e) || e < (ends[k - 1] ?? 0) || e > count)) {
    throw new FudeError('bad-input', `readFramesBytes takes 1 to ${framesPerPass} (framesPerPass) ascending whole stroke counts from 0 to ${count}, got [${ends.join(', ')}]`);
  }
  if (count === 0) { const only = readCanvasBytes(core); return ends.map(() => only.slice()); }
  prepareTiles(core);
  const frames = core.framesTarget.get();
  // the walk's last output is the canvas itself (a freezeCanvas after it then needs no forward)
  gl.bindFramebuffer(gl.FRAMEBUFFER, frames.fbi.framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + framesPerPass, gl.TEXTURE_2D, core.canvas.textures[0], 0);
  gl.drawBuffers(Array.from({ length: framesPerPass + 1 }, (_, k) => gl.COLOR_ATTACHMENT0 + k));
  runPass(gl, pass(core, `frames-${framesPerPass}[${core.typesKey}]`, () => FRAMES_FS(typesOf(core), framesPerPass)), frames, { ...strokeUniforms(core), ...blockUniforms({ ends: [...ends], weights: [] }) });
  core.canvasFresh = true;
  notePeak(core);
  return ends.map((_, k) => {
    const out = new Uint8Array(width * height * 4);
    gl.readBuffer(gl.COLOR_ATTACHMENT0 + k);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, out);
    return out;
  });
}

export function readStrokes(core: EngineCore): Float32Array {
  const out = readStrokeData(core.gl, core.strokes.params[0], 0, core.count, TEXELS_PER_STROKE);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FudeError('nan', `optimization produced a non-finite parameter (stroke ${Math.floor(bad / FLOATS_PER_STROKE)}, slot ${bad % FLOATS_PER_STROKE}): lower the learning rates`);
  return out;
}

export const readOptimizerState = (core: EngineCore): OptimizerState => ({
  m: readStrokeData(core.gl, core.strokes.params[0], 1, core.count, TEXELS_PER_STROKE),
  v: readStrokeData(core.gl, core.strokes.params[0], 2, core.count, TEXELS_PER_STROKE),
});

export function readGradients(core: EngineCore): Float32Array {
  const { count } = core;
  const out = new Float32Array(count * FLOATS_PER_STROKE);
  for (let k = 0; k < 4; k++) {
    const g = readStrokeData(core.gl, core.strokes.grads, k, count, 1);
    for (let i = 0; i < count; i++) out.set(g.subarray(i * 4, i * 4 + 4), i * FLOATS_PER_STROKE + k * 4);
  }
  return out;
}

/**
 * How much of each stroke the final canvas shows (atEnd), and the same over it and the canvases after
 * the first alsoAfter[k] strokes (overall), from one forward and backward under a unit adjoint.
 */
export function readVisibility(core: EngineCore, alsoAfter: readonly number[]): { atEnd: Float32Array; overall: Float32Array } {
  const { count } = core;
  if (count === 0) return { atEnd: new Float32Array(0), overall: new Float32Array(0) };
  // the colour gradients under dL/dC = 1 are sum T a (NaN-free: no target): in red over the final
  // canvas alone, in green over it and the prefix canvases asked for (u_prefixChannels)
  const keep = { prefixes: core.settings.prefixes, finalWeight: core.settings.finalWeight, blurWeight: core.settings.blurWeight };
  const inside = [...new Set(alsoAfter.map(Math.round))].filter((end) => end > 0 && end < count).slice(0, core.maxBlocks - 1);
  core.settings = { ...core.settings, prefixes: inside.map((end) => ({ end, weight: 1 })), finalWeight: 1, blurWeight: 0 };
  core.visibility = true;
  try {
    forward(core, true);
    computeLoss(core);
    backward(core);
    const g = readGradients(core);
    const atEnd = new Float32Array(count), overall = new Float32Array(count);
    // colour r (and g) of c (rect, ellipse) or of c0 and c2 (brush, oil: the ramp's two ends)
    for (let i = 0, o = 0; i < count; i++, o += FLOATS_PER_STROKE) {
      atEnd[i] = g[o + 8] + g[o + 12];
      overall[i] = g[o + 9] + g[o + 13];
    }
    return { atEnd, overall };
  } finally {
    core.visibility = false;
    core.settings = { ...core.settings, ...keep };
    core.forwardKind = 'none';
    core.lossBlocks = 0;
  }
}
