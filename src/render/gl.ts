// WebGL2 plumbing: context checks, programs with readable compile errors, float render targets, passes.
import * as twgl from 'twgl.js';
import { FudeError } from '../errors.js';
import { FULLSCREEN_VS } from '../shaders/common.glsl.js';

/** Gets a WebGL2 context that can render to and read from RGBA32F textures, or says why not. */
export function getGL(canvas: HTMLCanvasElement | OffscreenCanvas): WebGL2RenderingContext {
  const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true, premultipliedAlpha: false }) as
    | WebGL2RenderingContext
    | null;
  if (!gl) {
    throw new FudeError('no-webgl2', 'WebGL2 is not available in this browser: fude needs WebGL2 (any current Chrome, Firefox or Safari; in headless Chromium pass --enable-unsafe-swiftshader).');
  }
  checkGL(gl);
  return gl;
}

/** Checks the extensions the engine relies on. */
export function checkGL(gl: WebGL2RenderingContext): void {
  if (gl.isContextLost()) throw lostContext();
  if (!gl.getExtension('EXT_color_buffer_float')) {
    throw new FudeError('no-float-targets', 'This GPU cannot render to float textures (EXT_color_buffer_float is missing): fude keeps canvases, gradients and optimizer state in RGBA32F.');
  }
  const outputs = drawBufferLimit(gl);
  if (outputs < MIN_DRAW_BUFFERS) {
    throw new FudeError('no-float-targets', `This GPU renders to ${outputs} targets at once (MAX_DRAW_BUFFERS); fude's passes write up to ${MIN_DRAW_BUFFERS} (the canvas after each block of strokes): use a browser or GPU that allows ${MIN_DRAW_BUFFERS} or more.`);
  }
}

/** Fewest draw buffers fude runs with: 4 blocks of strokes and the canvas, or 3 blocks with their adjoints. */
export const MIN_DRAW_BUFFERS = 6;

/**
 * How many targets a pass may write at once. WebGL2 promises 4; desktop GPUs and Chromium's SwiftShader
 * and llvmpipe here give 8, an older Chromium's SwiftShader 6; the passes that write several adapt.
 */
export function drawBufferLimit(gl: WebGL2RenderingContext): number {
  return Math.min(gl.getParameter(gl.MAX_DRAW_BUFFERS) as number, gl.getParameter(gl.MAX_COLOR_ATTACHMENTS) as number);
}

export function lostContext(): FudeError {
  return new FudeError('context-lost', 'the WebGL context was lost (the GPU process crashed or was reset, or too many contexts are open): this engine cannot go on; create a new one');
}

/**
 * Whether the context is lost, or being lost: the loss event arrives asynchronously, but getError
 * answers CONTEXT_LOST_WEBGL at once, so a failure right after a GPU crash is reported as what it is.
 */
export function contextGone(gl: WebGL2RenderingContext): boolean {
  return gl.isContextLost() || gl.getError() === gl.CONTEXT_LOST_WEBGL;
}

/** The GPU renderer string, unmasked where the browser allows it (tells SwiftShader from a real GPU). */
export function rendererName(gl: WebGL2RenderingContext): string {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** A full-screen program; a compile or link failure throws with the numbered source and the error under its line. */
export function createPass(gl: WebGL2RenderingContext, fragment: string, name: string): twgl.ProgramInfo {
  const errors: string[] = [];
  const info = twgl.createProgramInfo(gl, [FULLSCREEN_VS, fragment], { errorCallback: (msg: string) => errors.push(msg) });
  if (!info) {
    if (contextGone(gl)) throw lostContext();
    throw new FudeError('shader-compile', `shader "${name}" failed to compile:\n${errors.join('\n')}`);
  }
  return info;
}

export type TargetFormat = 'rgba32f' | 'rgba32ui' | 'rgba8';
const TEXEL_BYTES: Record<TargetFormat, number> = { rgba32f: 16, rgba32ui: 16, rgba8: 4 };

/** A framebuffer with `count` same-size attachments (MRT), NEAREST filtered. */
export interface Target {
  fbi: twgl.FramebufferInfo;
  textures: WebGLTexture[];
  width: number;
  height: number;
  /** GPU memory of its textures. */
  bytes: number;
  dispose(): void;
}

/** Contexts that have made float render targets: one that then fails to make a small one is broken, not short of a format. */
const targetsWorked = new WeakSet<WebGL2RenderingContext>();

export function createTarget(gl: WebGL2RenderingContext, width: number, height: number, count = 1, format: TargetFormat = 'rgba32f'): Target {
  const internalFormat = { rgba32f: gl.RGBA32F, rgba32ui: gl.RGBA32UI, rgba8: gl.RGBA8 }[format];
  const attachments = Array.from({ length: count }, () => ({
    internalFormat,
    minMag: gl.NEAREST,
    wrap: gl.CLAMP_TO_EDGE,
  }));
  const fbi = twgl.createFramebufferInfo(gl, attachments, width, height);
  const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  if (status !== gl.FRAMEBUFFER_COMPLETE) {
    // a context being lost (its GPU process killed) fails like this before it reports the loss
    if (contextGone(gl) || (targetsWorked.has(gl) && width * height <= 4096 * 4096)) throw lostContext();
    throw new FudeError('no-float-targets', `cannot render to a ${width}x${height} ${format} texture (framebuffer status 0x${status.toString(16)})`);
  }
  targetsWorked.add(gl);
  const textures = fbi.attachments as WebGLTexture[];
  return {
    fbi, textures, width, height, bytes: width * height * count * TEXEL_BYTES[format],
    dispose() {
      gl.deleteFramebuffer(fbi.framebuffer);
      for (const t of textures) gl.deleteTexture(t);
    },
  };
}

/** Uploads RGBA float data into a target's first texture (rows top-first: row 0 is the image's top). */
export function uploadFloat(gl: WebGL2RenderingContext, target: Target, data: Float32Array, index = 0): void {
  gl.bindTexture(gl.TEXTURE_2D, target.textures[index]);
  gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, target.width, target.height, gl.RGBA, gl.FLOAT, data);
  gl.bindTexture(gl.TEXTURE_2D, null);
}

/** Runs one full-screen pass into `target` (or a sub-rectangle of it). */
export function runPass(
  gl: WebGL2RenderingContext,
  program: twgl.ProgramInfo,
  target: Target | null,
  uniforms: Record<string, unknown>,
  viewport?: [number, number, number, number],
): void {
  gl.useProgram(program.program);
  if (target) gl.bindFramebuffer(gl.FRAMEBUFFER, target.fbi.framebuffer);
  else gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  const [x, y, w, h] = viewport ?? [0, 0, target ? target.width : gl.drawingBufferWidth, target ? target.height : gl.drawingBufferHeight];
  gl.viewport(x, y, w, h);
  twgl.setUniforms(program, uniforms);
  gl.drawArrays(gl.TRIANGLES, 0, 3);
}

/** Reads a rectangle of one attachment as floats (blocking). */
export function readFloat(gl: WebGL2RenderingContext, target: Target, index = 0, rect?: [number, number, number, number]): Float32Array {
  const [x, y, w, h] = rect ?? [0, 0, target.width, target.height];
  const out = new Float32Array(w * h * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, target.fbi.framebuffer);
  gl.readBuffer(gl.COLOR_ATTACHMENT0 + index);
  gl.readPixels(x, y, w, h, gl.RGBA, gl.FLOAT, out);
  gl.readBuffer(gl.COLOR_ATTACHMENT0);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  return out;
}
