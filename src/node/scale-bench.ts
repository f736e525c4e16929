// `npm run bench scale [--image=a.jpg,b.jpg]`: large brush paintings made by the CLI: 3000 strokes at a
// longer side of 768 px, 2000 and 10 000 at 1024 px. Seconds (the painting's and the whole command's),
// PSNR and SSIM against the target at that size, steps, the most GPU texture bytes held at once, the
// time per stroke of 10 000 against 2000 strokes, and the renderer.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scaleCases, SCALE_IMAGE, type ScaleCase } from '../bench/registry.js';
import { imagesDir, listFlag, pad, paintWithCli, rendererArgs, round, writeResults } from './bench-run.js';
import type { EtaAccuracy } from '../bench/stats.js';

export interface ScaleRecord {
  image: string;
  name: string;
  strokes: number;
  size: number;
  psnr: number;
  ssim: number;
  seconds: number;
  wallSeconds: number;
  steps: number;
  peakTextureBytes: number;
  msPerStroke: number;
  relocated: number;
  invisible: number;
  /** Of the invisible, those no process checkpoint shows either (the rest are underpainting). */
  unseen: number;
  processPsnr: number[];
  renderer: string;
  /** The estimates of time left against the truth, once a fifth of the painting was done (etaAccuracy). */
  eta: EtaAccuracy;
}

/**
 * The code before the large-painting work (commit 43a22c5) on the same settings: 3000 brush strokes,
 * graffiti.jpg at 768 px, SwiftShader, measured once in this repository's history (it takes 20 minutes).
 */
export const BEFORE = { commit: '43a22c5', image: 'graffiti.jpg', strokes: 3000, size: 768, psnr: 27.24, ssim: 0.864, seconds: 1186, renderer: 'SwiftShader' };

export async function runScaleBench(outDir: string, stamp: string, args: string[]): Promise<ScaleRecord[]> {
  const wanted = listFlag(args, 'image') ?? [SCALE_IMAGE];
  const dir = imagesDir(args, wanted);
  const only = listFlag(args, 'case');
  const cases = scaleCases().filter((c) => !only || only.some((o) => c.name.includes(o)));
  const records: ScaleRecord[] = [];
  console.log('scale: brush strokes at large sizes, each painted by `npx fude paint … --json`');
  console.log('image           case                    PSNR   SSIM  seconds   wall  steps  peak MB  ms/stroke  time left: worst error (before the last tenth)');
  for (const image of wanted.filter((f) => existsSync(join(dir, f)))) {
    for (const c of cases) {
      const r = await measure(join(dir, image), image, c, args);
      records.push(r);
      console.log(`${image.padEnd(16)}${c.name.padEnd(20)}${pad(r.psnr.toFixed(2), 8)}${pad(r.ssim.toFixed(3), 7)}${pad(r.seconds.toFixed(1), 9)}${pad(r.wallSeconds.toFixed(1), 7)}${pad(r.steps, 7)}${pad((r.peakTextureBytes / 2 ** 20).toFixed(0), 9)}${pad(r.msPerStroke.toFixed(1), 11)}  ${(100 * r.eta.worst).toFixed(0)}% (${(100 * r.eta.worstBeforeLastTenth).toFixed(0)}%): ${r.eta.at}`);
    }
  }
  const ratios = perStrokeRatios(records);
  for (const [image, ratio] of Object.entries(ratios)) console.log(`${image}: time per stroke, 10 000 vs 2000 strokes at 1024 px: ${ratio.toFixed(2)}×`);
  console.log(`before (${BEFORE.commit}, ${BEFORE.image}, ${BEFORE.strokes} strokes @ ${BEFORE.size}, ${BEFORE.renderer}): ${BEFORE.psnr} dB, SSIM ${BEFORE.ssim}, ${BEFORE.seconds} s`);
  const renderer = records[0]?.renderer ?? 'none';
  writeResults(outDir, 'scale', stamp, { renderer, date: new Date().toISOString(), before: BEFORE, perStrokeRatio10000vs2000: ratios, records });
  return records;
}

async function measure(path: string, image: string, c: ScaleCase, args: string[]): Promise<ScaleRecord> {
  const { summary: s, wallSeconds, eta } = await paintWithCli(path, ['--strokes', String(c.strokes), '--size', String(c.size), ...rendererArgs(args)]);
  return {
    image, name: c.name, strokes: c.strokes, size: c.size, psnr: round(s.psnr, 2), ssim: round(s.ssim, 3), seconds: round(s.seconds, 1),
    wallSeconds: round(wallSeconds, 1), steps: s.steps, peakTextureBytes: s.peakTextureBytes, msPerStroke: round((1000 * s.seconds) / c.strokes, 2),
    relocated: s.relocated, invisible: s.invisible, unseen: s.unseen, processPsnr: s.processPsnr.map((q) => round(q.psnr, 2)), renderer: s.renderer,
    eta,
  };
}

function perStrokeRatios(records: ScaleRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const image of new Set(records.map((r) => r.image))) {
    const at = (n: number) => records.find((r) => r.image === image && r.strokes === n && r.size === 1024);
    const small = at(2000), big = at(10000);
    if (small && big) out[image] = round(big.msPerStroke / small.msPerStroke, 2);
  }
  return out;
}
