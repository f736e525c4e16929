// Small utility passes: the sum pyramid's level and the display of a float canvas.
import { HEADER } from './common.glsl.js';

/** One level of the sum pyramid: each output texel sums a WINDOW x WINDOW block of the input. */
export const SUM_FS = /* glsl */ `${HEADER}
uniform sampler2D u_src;
uniform ivec2 u_srcSize;
uniform int u_window;
out vec4 o_sum;
void main() {
  ivec2 base = ivec2(gl_FragCoord.xy) * u_window;
  vec4 acc = vec4(0.0);
  for (int y = 0; y < u_window; y++) {
    for (int x = 0; x < u_window; x++) {
      ivec2 t = base + ivec2(x, y);
      if (t.x < u_srcSize.x && t.y < u_srcSize.y) acc += texelFetch(u_src, t, 0);
    }
  }
  o_sum = acc;
}
`;

/** The canvas as RGBA8 (rounded as toByteImage rounds), so a render reads back a quarter of the bytes. */
export const TO_BYTES_FS = /* glsl */ `${HEADER}
uniform sampler2D u_canvas;
out vec4 o_colour;
void main() {
  // the unorm8 target stores round(v * 255): clamping here is all the conversion there is
  o_colour = vec4(clamp(texelFetch(u_canvas, ivec2(gl_FragCoord.xy), 0).rgb, 0.0, 1.0), 1.0);
}
`;

/** Shows a float canvas on the default framebuffer (flipped: our row 0 is the image's top). */
export const DISPLAY_FS = /* glsl */ `${HEADER}
uniform sampler2D u_canvas;
uniform vec2 u_viewSize;
out vec4 o_colour;
void main() {
  vec2 uv = vec2(gl_FragCoord.x, u_viewSize.y - gl_FragCoord.y) / u_viewSize;
  o_colour = vec4(clamp(texture(u_canvas, uv).rgb, 0.0, 1.0), 1.0);
}
`;

/** The first level of the sum pyramid over one layer of a texture array. */
export const SUM_LAYER_FS = /* glsl */ `${HEADER}
uniform highp sampler2DArray u_src;
uniform int u_layer;
uniform ivec2 u_srcSize;
uniform int u_window;
out vec4 o_sum;
void main() {
  ivec2 base = ivec2(gl_FragCoord.xy) * u_window;
  vec4 acc = vec4(0.0);
  for (int y = 0; y < u_window; y++) {
    for (int x = 0; x < u_window; x++) {
      ivec2 t = base + ivec2(x, y);
      if (t.x < u_srcSize.x && t.y < u_srcSize.y) acc += texelFetch(u_src, ivec3(t, u_layer), 0);
    }
  }
  o_sum = acc;
}
`;
