// `npm run bench quality`: every benchmark image (longer side 256) painted by the CLI with default
// settings at 200, 500 and 1000 strokes: PSNR and SSIM of the strokes over the flat background, the
// process (PSNR after 10/25/50/75% of the strokes), relocated and invisible strokes, the painting's own
// time (`seconds`) and the whole command's as `npx` runs it (`wallSeconds`, npm's launcher and browser
// start included), beside primitive's figures. At 500 strokes the same painting runs with --process 0
// too, for the process objective's cost.
import { PRIMITIVE_FINAL, primitivePsnr } from '../bench/primitive.js';
import { qualityCases, QUALITY_IMAGES, QUALITY_STROKES, type QualityCase } from '../bench/registry.js';
import type { ProcessPoint } from '../paint/painter.js';
import { imagesDir, listFlag, pad, paintWithCli, rendererArgs, round, writeResults } from './bench-run.js';
import type { EtaAccuracy } from '../bench/stats.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

export interface QualityRecord {
  image: string;
  strokes: number;
  size: number;
  psnr: number;
  ssim: number;
  /** PSNR after the first 10, 25, 50 and 75% of the strokes. */
  processPsnr: ProcessPoint[];
  /** Every checkpoint (10/25/50/75/100%) at least as good as the one before. */
  monotone: boolean;
  seconds: number;
  wallSeconds: number;
  relocated: number;
  invisible: number;
  /** Of the invisible, those no process checkpoint shows either (the rest are underpainting). */
  unseen: number;
  renderer: string;
  /** The estimates of time left against the truth, once a fifth of the painting was done (etaAccuracy). */
  eta: EtaAccuracy;
  primitive?: { psnr: number; seconds: number };
  /** At 500 strokes: the same painting without the process objective (--process 0). */
  processOff?: { psnr: number; seconds: number; wallSeconds: number; processPsnr: ProcessPoint[] };
}

const PROCESS_OFF_AT = 500;

export async function runQualityBench(outDir: string, stamp: string, args: string[]): Promise<QualityRecord[]> {
  const dir = imagesDir(args, QUALITY_IMAGES);
  const images = listFlag(args, 'image') ?? QUALITY_IMAGES.filter((f) => existsSync(join(dir, f)));
  const counts = listFlag(args, 'strokes')?.map(Number) ?? QUALITY_STROKES;
  const withOff = !args.includes('--no-process-off');
  const records: QualityRecord[] = [];
  console.log(`quality: images from ${dir}, longer side 256, default settings, each painted by \`npx fude paint … --json\``);
  console.log('image            strokes   PSNR   SSIM   10%   25%   50%   75%  seconds  wall | primitive  PSNR  seconds');
  for (const c of qualityCases(images, counts)) {
    const rec = await measure(dir, c, args, withOff && c.strokes === PROCESS_OFF_AT);
    records.push(rec);
    const p = rec.processPsnr.map((q) => pad(q.psnr.toFixed(1), 6)).join('');
    console.log(`${c.image.padEnd(16)}${pad(c.strokes, 8)}${pad(rec.psnr.toFixed(2), 7)}${pad(rec.ssim.toFixed(3), 7)}${p}${pad(rec.seconds.toFixed(1), 9)}${pad(rec.wallSeconds.toFixed(1), 6)} | ${rec.primitive ? `${pad(rec.primitive.psnr.toFixed(2), 15)}${pad(rec.primitive.seconds.toFixed(1), 9)}` : ''}${rec.processOff ? `  (process 0: ${rec.processOff.psnr.toFixed(2)} dB, ${rec.processOff.seconds.toFixed(1)} s)` : ''}`);
  }
  const worst = records.reduce<QualityRecord | undefined>((w, r) => (!w || r.eta.worst > w.eta.worst ? r : w), undefined);
  if (worst) console.log(`time left, worst error once a fifth was done: ${(100 * worst.eta.worst).toFixed(0)}% (${worst.image}, ${worst.strokes} strokes: ${worst.eta.at}); before the last tenth: ${(100 * Math.max(...records.map((r) => r.eta.worstBeforeLastTenth))).toFixed(0)}%`);
  const renderer = records[0]?.renderer ?? 'none';
  writeResults(outDir, 'quality', stamp, { renderer, date: new Date().toISOString(), records }, markdown(records, renderer));
  return records;
}

async function measure(dir: string, c: QualityCase, args: string[], off: boolean): Promise<QualityRecord> {
  const common = ['--strokes', String(c.strokes), '--size', String(c.size), ...rendererArgs(args)];
  const image = join(dir, c.image);
  const { summary: s, wallSeconds, eta } = await paintWithCli(image, common);
  const chain = [...s.processPsnr.map((q) => q.psnr), s.psnr];
  const rec: QualityRecord = {
    image: c.image, strokes: c.strokes, size: c.size, psnr: round(s.psnr, 2), ssim: round(s.ssim, 3),
    processPsnr: s.processPsnr.map((q) => ({ ...q, psnr: round(q.psnr, 2) })),
    monotone: chain.every((v, i) => i === 0 || v >= chain[i - 1]),
    seconds: round(s.seconds, 2), wallSeconds: round(wallSeconds, 2), relocated: s.relocated, invisible: s.invisible, unseen: s.unseen, renderer: s.renderer,
    eta,
  };
  const prim = PRIMITIVE_FINAL[c.image]?.[c.strokes];
  if (prim) rec.primitive = prim;
  if (off) {
    const o = await paintWithCli(image, [...common, '--process', '0']);
    rec.processOff = { psnr: round(o.summary.psnr, 2), seconds: round(o.summary.seconds, 2), wallSeconds: round(o.wallSeconds, 2), processPsnr: o.summary.processPsnr.map((q) => ({ ...q, psnr: round(q.psnr, 2) })) };
  }
  return rec;
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;

function markdown(records: QualityRecord[], renderer: string): string {
  const rows = records.map((r) => {
    const prim = r.primitive;
    return `| ${r.image} | ${r.strokes} | ${r.psnr.toFixed(2)} | ${r.ssim.toFixed(3)} | ${r.processPsnr.map((q) => q.psnr.toFixed(2)).join(' / ')} | ${r.monotone ? 'yes' : 'no'} | ${r.seconds.toFixed(1)} | ${r.wallSeconds.toFixed(1)} | ${r.relocated} / ${r.invisible} / ${r.unseen} | ${prim ? `${prim.psnr.toFixed(2)} (${signed(r.psnr - prim.psnr)})` : '–'} | ${prim ? `${prim.seconds.toFixed(1)} (${(r.wallSeconds / prim.seconds).toFixed(2)}×)` : '–'} |`;
  });
  // the process at 500 strokes against primitive's first k shapes, and what the process objective costs
  const at500 = records.filter((r) => r.strokes === PROCESS_OFF_AT);
  const processRows = at500.map((r) => {
    const cell = (k: number) => {
      const q = r.processPsnr.find((p) => p.strokes === k), ref = primitivePsnr(r.image, k);
      return q && ref !== undefined ? `${q.psnr.toFixed(2)} (${signed(q.psnr - ref)})` : q ? q.psnr.toFixed(2) : '–';
    };
    const off = r.processOff;
    return `| ${r.image} | ${cell(50)} | ${cell(125)} | ${cell(250)} | ${r.monotone ? 'yes' : 'no'} | ${r.primitive ? signed(r.psnr - r.primitive.psnr) : '–'} | ${off ? `${off.processPsnr.map((q) => q.psnr.toFixed(2)).join(' / ')}; ${off.psnr.toFixed(2)}` : '–'} | ${off ? `${r.seconds.toFixed(1)} / ${off.seconds.toFixed(1)} (${signed(100 * (r.seconds / off.seconds - 1)).replace(/\.\d+$/, '')}%)` : '–'} |`;
  });
  return [
    `# fude quality (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Renderer: ${renderer}. Longer side 256 px, default settings, each painting made by \`npx fude paint … --json\`. PSNR/SSIM of the`,
    'strokes re-rendered over the flat background against the resized target. Process: PSNR after the first 10 / 25 / 50 / 75%',
    'of the strokes. seconds: the painting; wall: the whole command (npm\'s launcher and browser start included). primitive: fogleman/primitive',
    'with rotated rectangles, same images, same kind of machine (its time against fude\'s wall time).',
    '',
    '| image | strokes | PSNR dB | SSIM | process 10/25/50/75% dB | monotone | seconds | wall s | relocated / invisible / of those unseen | primitive dB (fude −) | primitive s (wall ratio) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `## The process at ${PROCESS_OFF_AT} strokes`,
    '',
    'First k strokes against primitive with k shapes (margin in brackets); final against primitive\'s 500 shapes; the same',
    'painting with `--process 0` (final canvas only) and the time the process objective costs.',
    '',
    '| image | first 50 | first 125 | first 250 | monotone | final − primitive | process 0: 10/25/50/75%; final | seconds process / 0 |',
    '|---|---|---|---|---|---|---|---|',
    ...processRows,
    '',
  ].join('\n');
}
