// End to end: strokes optimized towards a target rendered from known strokes drive the loss down.
import { describe, expect, it } from 'vitest';
import { renderCPU } from '../src/cpu/reference.js';
import { packStrokes, type Stroke } from '../src/index.js';
import { useGpuPage } from './helpers/gpu.js';

const W = 64, H = 64;
const { session } = useGpuPage();

describe('optimization', () => {
  it('recovers strokes of every type from a perturbed start (loss falls by a large factor)', async () => {
    const truth: Stroke[] = [
      { type: 'rect', cx: 0.3, cy: 0.35, w: 0.35, h: 0.25, angle: 0.4, c: [0.9, 0.2, 0.1], alpha: 0.9 },
      { type: 'ellipse', cx: 0.65, cy: 0.6, w: 0.4, h: 0.25, angle: -0.3, c: [0.1, 0.3, 0.8], alpha: 0.85 },
      { type: 'brush', x0: 0.15, y0: 0.8, x1: 0.5, y1: 0.55, x2: 0.85, y2: 0.85, r0: 0.05, r2: 0.03, c0: [0.1, 0.7, 0.2], c2: [0.9, 0.9, 0.1], alpha: 0.9 },
      { type: 'oil', cx: 0.6, cy: 0.25, len: 0.45, wid: 0.15, angle: 0.2, seed: 0.3, c0: [0.5, 0.1, 0.6], c2: [0.2, 0.8, 0.8], alpha: 0.9 },
    ];
    const start: Stroke[] = [
      { type: 'rect', cx: 0.36, cy: 0.3, w: 0.3, h: 0.3, angle: 0.2, c: [0.6, 0.4, 0.3], alpha: 0.7 },
      { type: 'ellipse', cx: 0.6, cy: 0.65, w: 0.35, h: 0.3, angle: 0, c: [0.3, 0.3, 0.6], alpha: 0.7 },
      { type: 'brush', x0: 0.2, y0: 0.75, x1: 0.5, y1: 0.62, x2: 0.8, y2: 0.8, r0: 0.04, r2: 0.04, c0: [0.4, 0.5, 0.4], c2: [0.6, 0.6, 0.4], alpha: 0.7 },
      { type: 'oil', cx: 0.55, cy: 0.3, len: 0.4, wid: 0.18, angle: 0, seed: 0.3, c0: [0.4, 0.3, 0.5], c2: [0.4, 0.5, 0.6], alpha: 0.7 },
    ];
    const rgb = renderCPU(packStrokes(truth), { W, H, sigma: 1 }, [1, 1, 1]);
    const target = Array.from({ length: W * H * 4 }, (_, i) => (i % 4 === 3 ? 1 : rgb[(i >> 2) * 3 + (i % 4)]));
    const { first, last } = await session().page.evaluate((packed, target, W, H) => {
      const f = (globalThis as any).fude;
      const e = f.createEngine(f.getGL(document.createElement('canvas')), { width: W, height: H, settings: { sigma: 1, lr: { position: 0.004, size: 0.004, angle: 0.02, color: 0.02, opacity: 0.01 } } });
      e.setBase([1, 1, 1]); e.setTarget(new Float32Array(target)); e.setStrokes(new Float32Array(packed));
      e.forward(); e.computeLoss();
      const first = e.readLoss();
      for (let s = 0; s < 300; s++) e.step();
      e.forward(); e.computeLoss();
      return { first, last: e.readLoss() };
    }, Array.from(packStrokes(start)), target, W, H);
    console.log(`loss ${first.toExponential(3)} -> ${last.toExponential(3)} (${(first / last).toFixed(1)}x)`);
    expect(last).toBeLessThan(first / 20);
  });
});
