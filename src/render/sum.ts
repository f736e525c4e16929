// Sums a float texture on the GPU with a gather pyramid (each level sums WINDOW x WINDOW texels), then
// reads the single remaining texel. Gathering beats scattering points with float blending (NOTES.md §3).
import { SUM_FS } from '../shaders/passes.glsl.js';
import { createPass, createTarget, readFloat, runPass, type Target } from './gl.js';

const WINDOW = 8;

export interface Summer {
  /** RGBA sums of the whole texture. */
  sum(texture: WebGLTexture): Float32Array;
  dispose(): void;
}

export function createSummer(gl: WebGL2RenderingContext, width: number, height: number): Summer {
  const program = createPass(gl, SUM_FS, 'sum');
  const levels: Target[] = [];
  let w = width, h = height;
  do {
    w = Math.ceil(w / WINDOW);
    h = Math.ceil(h / WINDOW);
    levels.push(createTarget(gl, w, h));
  } while (w > 1 || h > 1);

  return {
    sum(texture) {
      let src = texture, sw = width, sh = height;
      for (const level of levels) {
        runPass(gl, program, level, { u_src: src, u_srcSize: [sw, sh], u_window: WINDOW });
        src = level.textures[0];
        sw = level.width;
        sh = level.height;
      }
      return readFloat(gl, levels[levels.length - 1], 0, [0, 0, 1, 1]);
    },
    dispose() {
      for (const l of levels) l.dispose();
      gl.deleteProgram(program.program);
    },
  };
}
