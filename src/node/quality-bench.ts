// The quality table of `npm run bench`: each benchmark image (longer side 256) painted with default
// settings at 200, 500 and 1000 strokes; PSNR and SSIM of the re-rendered strokes against the resized
// target, and wall time. Written as JSON and markdown beside primitive's figures from NOTES.md.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { qualityCases, QUALITY_IMAGES, QUALITY_STROKES } from '../bench/registry.js';
import { psnr, ssim } from '../paint/image.js';
import { paint, render } from './jobs.js';
import type { Session } from './session.js';

export interface QualityRecord {
  image: string;
  strokes: number;
  size: number;
  type: string;
  psnr: number;
  ssim: number;
  seconds: number;
  renderer: string;
}

/** fogleman/primitive, rotated rectangles, same images at 256 px, same kind of machine (NOTES.md §1). */
const PRIMITIVE: Record<string, Record<number, [number, number]>> = {
  'astronaut.png': { 200: [20.11, 14.3], 500: [21.92, 37.3], 1000: [23.47, 65.3] },
  'chelsea.png': { 200: [26.15, 13.1], 500: [27.77, 28.0], 1000: [28.9, 61.3] },
  'coffee.png': { 200: [23.72, 15.7], 500: [25.03, 42.4], 1000: [26.28, 62.2] },
  'rocket.jpg': { 200: [28.87, 15.9], 500: [30.19, 30.8], 1000: [31.53, 89.4] },
};

function imagesDir(args: string[]): string {
  const flag = args.find((a) => a.startsWith('--images='));
  const candidates = [flag?.slice('--images='.length), process.env.FUDE_BENCH_IMAGES, '../shared/images', 'bench/images'].filter(Boolean) as string[];
  const dir = candidates.map((d) => resolve(d)).find((d) => existsSync(d) && readdirSync(d).some((f) => QUALITY_IMAGES.includes(f)));
  if (!dir) throw new Error(`no benchmark images found (looked in ${candidates.join(', ')}); pass --images=DIR`);
  return dir;
}

export async function runQualityBench(session: Session, outDir: string, stamp: string, args: string[]): Promise<QualityRecord[]> {
  const dir = imagesDir(args);
  const only = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',');
  const images = only('image') ?? QUALITY_IMAGES.filter((f) => existsSync(join(dir, f)));
  const strokes = only('strokes')?.map(Number) ?? QUALITY_STROKES;
  const renderer = session.renderer;
  const records: QualityRecord[] = [];
  console.log(`quality: images from ${dir}, longer side 256, default settings`);
  console.log('image            strokes    PSNR   SSIM  seconds | primitive (rect) PSNR  seconds');
  for (const c of qualityCases(images, strokes)) {
    const t0 = performance.now();
    const p = await paint(join(dir, c.image), { strokes: c.strokes, size: c.size, session });
    const seconds = (performance.now() - t0) / 1000;
    const img = await render({ strokes: p.strokes, width: p.width, height: p.height, background: p.background }, { session });
    const a = Float32Array.from(img.data, (v) => v / 255), b = Float32Array.from(p.target.data, (v) => v / 255);
    const rec: QualityRecord = { image: c.image, strokes: c.strokes, size: c.size, type: String(p.options.type), psnr: round(psnr(a, b), 2), ssim: round(ssim(a, b, p.width, p.height), 3), seconds: round(seconds, 1), renderer };
    records.push(rec);
    const ref = PRIMITIVE[c.image]?.[c.strokes];
    console.log(`${c.image.padEnd(16)}${String(c.strokes).padStart(8)}${rec.psnr.toFixed(2).padStart(8)}${rec.ssim.toFixed(3).padStart(7)}${rec.seconds.toFixed(1).padStart(9)} | ${ref ? `${ref[0].toFixed(2).padStart(21)}${ref[1].toFixed(1).padStart(9)}` : ''}`);
  }
  const json = join(outDir, `quality-${stamp}.json`), md = join(outDir, `quality-${stamp}.md`);
  writeFileSync(json, JSON.stringify({ renderer, date: new Date().toISOString(), records }, null, 2));
  writeFileSync(md, markdown(records, renderer));
  console.log(`\nwrote ${json}\nwrote ${md}`);
  return records;
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

function markdown(records: QualityRecord[], renderer: string): string {
  const rows = records.map((r) => {
    const ref = PRIMITIVE[r.image]?.[r.strokes];
    return `| ${r.image} | ${r.strokes} | ${r.psnr.toFixed(2)} | ${r.ssim.toFixed(3)} | ${r.seconds.toFixed(1)} | ${ref ? ref[0].toFixed(2) : '–'} | ${ref ? ref[1].toFixed(1) : '–'} |`;
  });
  return [
    `# fude quality (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Renderer: ${renderer}. Longer side 256 px, default settings; PSNR/SSIM of the strokes re-rendered over the flat background against the resized target.`,
    'primitive: fogleman/primitive with rotated rectangles on the same images and kind of machine (NOTES.md §1).',
    '',
    '| image | strokes | PSNR dB | SSIM | seconds | primitive PSNR dB | primitive seconds |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
