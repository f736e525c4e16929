// One optimization step as render passes over the engine's textures: the forward (with the checkpoints
// of each block, and the adjoint fused in where the draw buffers allow), the loss's adjoint, the
// backward per stroke and Adam. Nothing here reads back; engine.ts wraps each in the engine's GL state.
import { FudeError } from '../errors.js';
import { ADAM_FS } from '../optim/adam.glsl.js';
import { BLUR_RESIDUAL_FS, BOX_BLUR_FS } from '../shaders/blur.glsl.js';
import { ADJOINT_FS, adjointLayers, FUSED_BLOCKS } from '../shaders/adjoint.glsl.js';
import { BACKWARD_FS, CHUNK_TEXELS, CHUNKS, GATHER_CHUNKS_FS, MAX_FLAT_TEXELS } from '../shaders/backward.glsl.js';
import { FORWARD_CHECKPOINT_FS } from '../shaders/forward.glsl.js';
import { TEXELS_PER_STROKE } from '../strokes/layout.js';
import { runPass, type Target } from './gl.js';
import { blockTexels, blockUniforms, type Blocks } from './checkpoints.js';
import { strokeViewport } from './stroke-state.js';
import {
  currentBlocks, invalidate, lossUniforms, notePeak, pass, prepareTiles, renderCanvas, strokeUniforms, typesOf, type EngineCore,
} from './engine-core.js';

/** Composites the strokes; `forGradient` also records each block's checkpoint for the backward. */
export function forward(core: EngineCore, forGradient: boolean): void {
  core.lossBlocks = 0;
  core.prefixReady = false;
  if (!forGradient || core.count === 0) {
    renderCanvas(core);
    core.forwardKind = 'plain';
    return;
  }
  prepareTiles(core);
  const b = currentBlocks(core), B = b.ends.length;
  // fused: the adjoint is computed in the forward, which then leaves the canvas texture alone
  const fused = B <= FUSED_BLOCKS && B + adjointLayers(B) <= core.outputs && core.settings.blurWeight === 0;
  const u = { ...strokeUniforms(core), ...blockUniforms(b) };
  const cps = core.cps.get();
  if (fused) {
    runPass(core.gl, pass(core, `checkpoint-fused-${B}[${core.typesKey}]`, () => FORWARD_CHECKPOINT_FS(typesOf(core), B, true)), cps.fused(B, adjointLayers(B)),
      { ...u, ...lossUniforms(core), u_target: core.target.get().textures[0] });
    core.canvasFresh = false;
    core.lossBlocks = B;
    core.prefixReady = true;
  } else {
    runPass(core.gl, pass(core, `checkpoint-${B}[${core.typesKey}]`, () => FORWARD_CHECKPOINT_FS(typesOf(core), B, false)), cps.forward(B, core.canvas.textures[0]), u);
    core.canvasFresh = true;
  }
  core.forwardKind = 'gradient';
  notePeak(core);
}

/** Box blur of `src` into `dst` (two passes through the blur's scratch target). */
function blurInto(core: EngineCore, src: WebGLTexture, dst: Target): void {
  const { gl, width, height } = core;
  const r = Math.max(1, Math.round(core.settings.blurRadius));
  const scratch = core.blur.get().list[0];
  runPass(gl, pass(core, 'box-blur', () => BOX_BLUR_FS), scratch, { u_src: src, u_dir: [1, 0], u_radius: r, u_srcSize: [width, height] });
  runPass(gl, pass(core, 'box-blur', () => BOX_BLUR_FS), dst, { u_src: scratch.textures[0], u_dir: [0, 1], u_radius: r, u_srcSize: [width, height] });
}

/** The objective and the adjoint dL/dC of every block (fused into a gradient forward when it could be). */
export function computeLoss(core: EngineCore): void {
  if (core.forwardKind === 'none') throw new FudeError('bad-input', 'computeLoss() needs a forward() first');
  if (core.lossBlocks > 0) return; // fused into the gradient forward
  const { gl, settings } = core;
  const blurTerm = settings.blurWeight > 0;
  let blurGrad: Target | undefined, residual: Target | undefined;
  if (blurTerm) {
    const [, blurCanvas, blurTarget] = core.blur.get().list;
    [residual, blurGrad] = core.blur.get().list.slice(3);
    if (core.blurredTargetRadius !== settings.blurRadius) { blurInto(core, core.target.get().textures[0], blurTarget); core.blurredTargetRadius = settings.blurRadius; }
    blurInto(core, core.canvas.textures[0], blurCanvas);
    runPass(gl, pass(core, 'blur-residual', () => BLUR_RESIDUAL_FS), residual, { u_blurCanvas: blurCanvas.textures[0], u_blurTarget: blurTarget.textures[0], u_weight: settings.blurWeight, u_norm: lossUniforms(core).u_norm });
    blurInto(core, residual.textures[0], blurGrad);
  }
  // after a plain forward there are no checkpoints: the final canvas' loss alone
  const b: Blocks = core.forwardKind === 'gradient' ? currentBlocks(core) : { ends: [core.count], weights: [settings.finalWeight] };
  const B = b.ends.length;
  const cps = core.cps.get();
  runPass(gl, pass(core, `adjoint-${B}${blurTerm ? '-blur' : ''}`, () => ADJOINT_FS(B, blurTerm)), cps.adjoint(adjointLayers(B)), {
    ...blockUniforms(b), ...lossUniforms(core), u_checkpoints: cps.checkpoints, u_canvas: core.canvas.textures[0], u_target: core.target.get().textures[0],
    ...(blurTerm ? { u_blurGrad: blurGrad!.textures[0], u_blurResidual: residual!.textures[0] } : {}),
  });
  core.lossBlocks = B;
  core.prefixReady = core.forwardKind === 'gradient';
  notePeak(core);
}

/** dL/dparams of every stroke: summed over chunks of its oriented box, then gathered per stroke. */
export function backward(core: EngineCore): void {
  if (core.count === 0) return;
  if (core.forwardKind !== 'gradient' || core.lossBlocks === 0) throw new FudeError('bad-input', 'backward() needs forward() (for the gradient) and computeLoss() first');
  const { gl, strokes, width, height, count } = core;
  const b = currentBlocks(core);
  const texels = Math.min(MAX_FLAT_TEXELS + 1, blockTexels(b)); // beyond the flat walk: one loop variant
  const { bounds, chunks, grads } = strokes;
  const cps = core.cps.get();
  runPass(gl, pass(core, `backward-${texels}[${core.typesKey}]`, () => BACKWARD_FS(typesOf(core), texels)), chunks, {
    ...strokeUniforms(core), ...blockUniforms(b), u_bounds: bounds.textures[0], u_extent: bounds.textures[2], u_regionSize: [width, height],
    u_chunks: CHUNKS, u_checkpoints: cps.checkpoints, u_adjoints: cps.adjoints, u_blockMask: core.blockMask!.textures[0],
    u_skipBelow: 1e-7 / (3 * width * height),
  }, strokeViewport(count, CHUNK_TEXELS[0], CHUNK_TEXELS[1]));
  const [c0, c1, c2, c3] = chunks.textures;
  runPass(gl, pass(core, `gather-chunks[${core.typesKey}]`, () => GATHER_CHUNKS_FS(typesOf(core))), grads, { ...strokeUniforms(core), u_c0: c0, u_c1: c1, u_c2: c2, u_c3: c3 }, strokeViewport(count, 1));
}

/** One Adam step: parameters, first and second moments in one pass, into the other half of the ping-pong pair. */
export function adamStep(core: EngineCore): void {
  if (core.count === 0) return;
  const { beta1, beta2, eps } = core.settings.adam;
  const [g0, g1, g2, g3] = core.strokes.grads.textures;
  const [from, to] = core.strokes.params;
  runPass(core.gl, pass(core, 'adam', () => ADAM_FS), to, {
    u_param: from.textures[0], u_m: from.textures[1], u_v: from.textures[2],
    u_g0: g0, u_g1: g1, u_g2: g2, u_g3: g3, u_extent: core.strokes.bounds.textures[2], u_spec: core.spec,
    u_beta1: beta1, u_beta2: beta2, u_eps: eps, u_lrScale: core.settings.lrScale,
    u_logBeta1: Math.log(beta1), u_logBeta2: Math.log(beta2),
  }, strokeViewport(core.count, TEXELS_PER_STROKE));
  core.strokes.swap();
  invalidate(core);
}
