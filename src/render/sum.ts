// Sums a float texture (or one layer of a texture array) on the GPU with a gather pyramid (each level
// sums WINDOW x WINDOW texels), then reads the single remaining texel. Gathering beats scattering points
// with float blending (docs/derivations.md, "Reductions").
import { SUM_FS, SUM_LAYER_FS } from '../shaders/passes.glsl.js';
import { createTarget, readFloat, runPass, type Target } from './gl.js';
import { cachedPass } from './programs.js';

const WINDOW = 8;

export interface Summer {
  /** RGBA sums of the whole texture, or of layer `layer` of a texture array. */
  sum(texture: WebGLTexture, layer?: number): Float32Array;
  bytes: number;
  dispose(): void;
}

export function createSummer(gl: WebGL2RenderingContext, width: number, height: number): Summer {
  const levels: Target[] = [];
  let w = width, h = height;
  do {
    w = Math.ceil(w / WINDOW);
    h = Math.ceil(h / WINDOW);
    levels.push(createTarget(gl, w, h));
  } while (w > 1 || h > 1);

  return {
    bytes: levels.reduce((sum, l) => sum + l.bytes, 0),
    sum(texture, layer) {
      let src = texture, sw = width, sh = height;
      levels.forEach((level, n) => {
        const program = n === 0 && layer !== undefined ? cachedPass(gl, 'sum-layer', () => SUM_LAYER_FS) : cachedPass(gl, 'sum', () => SUM_FS);
        runPass(gl, program, level, { u_src: src, u_srcSize: [sw, sh], u_window: WINDOW, u_layer: layer ?? 0 });
        src = level.textures[0];
        sw = level.width;
        sh = level.height;
      });
      return readFloat(gl, levels[levels.length - 1], 0, [0, 0, 1, 1]);
    },
    dispose() {
      for (const l of levels) l.dispose();
    },
  };
}
