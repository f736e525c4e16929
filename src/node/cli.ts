// The fude command line (filled in by the painter issue): for now it renders a test scene of strokes.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { openSession } from './session.js';
import { isFudeError } from '../errors.js';

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'scene.png';
  const session = await openSession();
  try {
    const { w, h, rgba } = await session.page.evaluate(() => {
      const f = (globalThis as any).fude;
      const gl = f.getGL(document.createElement('canvas'));
      const e = f.createEngine(gl, { width: 256, height: 256 });
      e.setBase([1, 1, 1]);
      e.setStrokes(f.packStrokes(f.benchStrokes(64)));
      e.forward();
      const px = e.readCanvas() as Float32Array;
      return { w: 256, h: 256, rgba: Array.from(px, (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255)) };
    });
    const png = new PNG({ width: w, height: h });
    png.data = Buffer.from(rgba);
    writeFileSync(out, PNG.sync.write(png));
    console.log(`wrote ${out}`);
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(isFudeError(e) ? `fude: ${e.message}` : e);
  process.exit(1);
});
