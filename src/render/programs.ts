// Programs cached per WebGL context and shared by every engine on it: compiling the stroke programs
// costs far more than a painting step, and a page's replay slider makes engines per input event.
import type * as twgl from 'twgl.js';
import { createPass } from './gl.js';

const caches = new WeakMap<WebGL2RenderingContext, Map<string, twgl.ProgramInfo>>();

/** The program for `key` on this context, compiled from `source()` on first use. */
export function cachedPass(gl: WebGL2RenderingContext, key: string, source: () => string): twgl.ProgramInfo {
  let cache = caches.get(gl);
  if (!cache) caches.set(gl, (cache = new Map()));
  let p = cache.get(key);
  if (!p) {
    const t = performance.now();
    p = createPass(gl, source(), key);
    cache.set(key, p);
    compileMs.set(gl, (compileMs.get(gl) ?? 0) + performance.now() - t);
    if ((globalThis as { FUDE_TRACE?: boolean }).FUDE_TRACE) console.log(`compiled ${key} ${(performance.now() - t).toFixed(1)} ms`);
  }
  return p;
}

const compileMs = new WeakMap<WebGL2RenderingContext, number>();
/** Time spent compiling and linking this context's programs so far, ms (the painter's time left leaves it out). */
export function compiledMs(gl: WebGL2RenderingContext): number {
  return compileMs.get(gl) ?? 0;
}

/** How many programs this context holds (for tests and memory reports). */
export function cachedPassCount(gl: WebGL2RenderingContext): number {
  return caches.get(gl)?.size ?? 0;
}
