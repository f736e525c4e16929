// The GL state the engine's passes depend on, set on entry and restored on exit, so an engine works
// inside someone else's WebGL2 app (their blend, scissor, masks, bindings and pixel-store settings)
// and leaves that app's state as it found it. Some queries are synchronous round trips to the GPU
// process in Chromium (measured: UNPACK_ROW_LENGTH 150 us, COLOR_WRITEMASK 75 us), so each call saves
// only the groups it touches: draws, uploads (unpack), read-backs (pack), clears.

export type StateGroup = 'draw' | 'unpack' | 'pack' | 'clear';

/** Texture units whose bindings are saved: more than any engine program uses. */
const UNITS = 16;

/** Sets the state the given groups assume and returns a function that restores what was there before. */
export function enterEngineState(gl: WebGL2RenderingContext, vao: WebGLVertexArrayObject, groups: readonly StateGroup[]): () => void {
  const restore: (() => void)[] = [];
  // bindings are cheap to query (tracked by the browser), so they are always kept
  const program = gl.getParameter(gl.CURRENT_PROGRAM);
  const draw = gl.getParameter(gl.DRAW_FRAMEBUFFER_BINDING), read = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING);
  const vertexArray = gl.getParameter(gl.VERTEX_ARRAY_BINDING);
  const activeTexture = gl.getParameter(gl.ACTIVE_TEXTURE) as number;
  const textures: [WebGLTexture | null, WebGLTexture | null][] = [];
  for (let u = 0; u < UNITS; u++) {
    gl.activeTexture(gl.TEXTURE0 + u);
    textures.push([gl.getParameter(gl.TEXTURE_BINDING_2D), gl.getParameter(gl.TEXTURE_BINDING_2D_ARRAY)]);
  }
  gl.activeTexture(gl.TEXTURE0);
  gl.bindVertexArray(vao);
  restore.push(() => {
    gl.useProgram(program);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, draw);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, read);
    gl.bindVertexArray(vertexArray);
    textures.forEach(([t2, tArray], u) => {
      gl.activeTexture(gl.TEXTURE0 + u);
      gl.bindTexture(gl.TEXTURE_2D, t2);
      gl.bindTexture(gl.TEXTURE_2D_ARRAY, tArray);
    });
    gl.activeTexture(activeTexture);
  });
  if (groups.includes('draw')) {
    const caps = [gl.BLEND, gl.SCISSOR_TEST, gl.DEPTH_TEST, gl.STENCIL_TEST, gl.CULL_FACE, gl.POLYGON_OFFSET_FILL, gl.SAMPLE_ALPHA_TO_COVERAGE, gl.SAMPLE_COVERAGE, gl.RASTERIZER_DISCARD];
    const enabled = caps.map((c) => gl.isEnabled(c));
    const viewport = gl.getParameter(gl.VIEWPORT) as Int32Array;
    const mask = gl.getParameter(gl.COLOR_WRITEMASK) as boolean[];
    for (const c of caps) gl.disable(c);
    gl.colorMask(true, true, true, true);
    restore.push(() => {
      caps.forEach((c, k) => (enabled[k] ? gl.enable(c) : gl.disable(c)));
      gl.viewport(viewport[0], viewport[1], viewport[2], viewport[3]);
      gl.colorMask(mask[0], mask[1], mask[2], mask[3]);
    });
  }
  const store = (names: number[], value: (p: number) => number) => {
    const old = names.map((p) => gl.getParameter(p) as number);
    for (const p of names) gl.pixelStorei(p, value(p));
    restore.push(() => names.forEach((p, k) => gl.pixelStorei(p, old[k])));
  };
  if (groups.includes('unpack')) {
    store([gl.UNPACK_FLIP_Y_WEBGL, gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, gl.UNPACK_ALIGNMENT, gl.UNPACK_ROW_LENGTH, gl.UNPACK_SKIP_ROWS, gl.UNPACK_SKIP_PIXELS, gl.UNPACK_IMAGE_HEIGHT, gl.UNPACK_SKIP_IMAGES],
      (p) => (p === gl.UNPACK_ALIGNMENT ? 4 : 0));
    const unpackBuffer = gl.getParameter(gl.PIXEL_UNPACK_BUFFER_BINDING);
    gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, null);
    restore.push(() => gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, unpackBuffer));
  }
  if (groups.includes('pack')) {
    store([gl.PACK_ALIGNMENT, gl.PACK_ROW_LENGTH, gl.PACK_SKIP_ROWS, gl.PACK_SKIP_PIXELS], (p) => (p === gl.PACK_ALIGNMENT ? 4 : 0));
    const packBuffer = gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    restore.push(() => gl.bindBuffer(gl.PIXEL_PACK_BUFFER, packBuffer));
  }
  if (groups.includes('clear')) {
    const colour = gl.getParameter(gl.COLOR_CLEAR_VALUE) as Float32Array;
    restore.push(() => gl.clearColor(colour[0], colour[1], colour[2], colour[3]));
  }
  return () => { for (let k = restore.length - 1; k >= 0; k--) restore[k](); };
}
