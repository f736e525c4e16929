import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { useGpuPage } from './helpers/gpu.js';
const { session } = useGpuPage();
it('quality', async () => {
  const opts = JSON.parse(process.env.Q ?? '{}');
  for (const img of (process.env.IMGS ?? 'astronaut.png').split(',')) {
    const bytes = Array.from(readFileSync(`../shared/images/${img}`));
    const r = await session().page.evaluate(async (bytes, opts) => {
      const f = (globalThis as any).fude;
      const gl = f.getGL(document.createElement('canvas'));
      const t = await f.decodeImage(new Uint8Array(bytes), 256);
      const t0 = performance.now();
      const p = await f.paint(gl, t, opts);
      return { psnr: p.psnr, s: (performance.now() - t0) / 1000, n: p.strokes.length };
    }, bytes, opts);
    console.log(img, JSON.stringify(opts), JSON.stringify(r));
  }
}, 600000);
