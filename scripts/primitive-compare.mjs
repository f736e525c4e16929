// fogleman/primitive itself against fude, on the same 256 px target: primitive is given fude's target
// as its input (so both fit the same pixels, and both are scored on them), rotated rectangles (mode 5),
// 500 shapes, two workers, output at 256; fude runs as a user would, `npx fude paint … --strokes 500
// --size 256`, right after it on the same machine, so the ratio of their times holds however fast the
// machine runs. primitive seeds its random numbers from the clock: one run differs from the next by
// about 0.1 dB.
//
//   node scripts/primitive-compare.mjs --primitive /path/to/primitive IMAGE...   (after npm run build)
//
// Building primitive without the internet (Debian 12; its Go modules come from Debian's packages):
//   apt-get install golang-go golang-github-fogleman-gg-dev golang-golang-x-image-dev \
//     golang-github-nfnt-resize-dev golang-github-golang-freetype-dev
//   mkdir -p /tmp/gp/src/github.com/fogleman && git clone <primitive> /tmp/gp/src/github.com/fogleman/primitive
//   cd /tmp/gp/src/github.com/fogleman/primitive && GO111MODULE=off GOPATH=/tmp/gp:/usr/share/gocode go build -o /tmp/primitive .
//
// Prints one JSON line per image: primitive's PSNR after 50, 125, 250 and 500 shapes and its seconds;
// fude's PSNR, its process PSNRs, the painting's own seconds and the command's; the lead at 500 and
// the ratio of the command's time to primitive's. The files stay in --work (default a temp folder).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { decodePNG, encodePNG, openSession, paint } from '../dist/node/index.js';

const args = process.argv.slice(2);
const option = (name) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : undefined; };
const primitive = option('--primitive');
const work = option('--work') ?? mkdtempSync(join(tmpdir(), 'fude-primitive-'));
const SHAPES = 500;
const CHECKPOINTS = [50, 125, 250, SHAPES];
if (!primitive || !args.length) {
  console.error('usage: node scripts/primitive-compare.mjs --primitive /path/to/primitive [--work DIR] IMAGE...');
  process.exit(1);
}

/** PSNR over RGB, 8-bit. */
function psnr(a, b) {
  let se = 0;
  for (let i = 0; i < a.data.length; i += 4) for (let c = 0; c < 3; c++) se += (a.data[i + c] - b.data[i + c]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / ((a.data.length / 4) * 3)));
}
const round = (x, digits = 2) => +x.toFixed(digits);

// fude's targets first, in one session: a painting of one stroke and no steps returns its target
const folders = new Map();
const session = await openSession();
try {
  for (const file of args) {
    const { target } = await paint(file, { strokes: 1, stages: 1, stageSteps: 0, refineSteps: 0, session });
    const folder = join(work, basename(file).replace(/\.\w+$/, ''));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'target.png'), encodePNG(target));
    folders.set(file, folder);
  }
} finally {
  await session.close();
}

for (const file of args) {
  const folder = folders.get(file);
  const target = decodePNG(readFileSync(join(folder, 'target.png')));
  let started = performance.now();
  execFileSync(primitive, ['-i', join(folder, 'target.png'), '-o', join(folder, 'primitive-%d.png'), '-nth', '25',
    '-n', String(SHAPES), '-m', '5', '-r', '256', '-s', '256', '-j', '2']);
  const primitiveSeconds = (performance.now() - started) / 1000;
  const primitivePsnr = Object.fromEntries(CHECKPOINTS.map((k) => [k, round(psnr(decodePNG(readFileSync(join(folder, `primitive-${k}.png`))), target))]));
  started = performance.now();
  const out = execFileSync('npx', ['fude', 'paint', file, '--strokes', String(SHAPES), '--size', '256', '--out', join(folder, 'fude'), '--json'], { encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  const fude = JSON.parse(out);
  console.log(JSON.stringify({
    image: basename(file), size: `${target.width}x${target.height}`,
    primitive: { psnr: primitivePsnr, seconds: round(primitiveSeconds, 1) },
    fude: { psnr: round(fude.psnr), process: Object.fromEntries(fude.processPsnr.map((p) => [p.strokes, round(p.psnr)])), seconds: round(fude.seconds), wallSeconds: round(wall), invisible: fude.invisible },
    lead: round(fude.psnr - primitivePsnr[SHAPES]), timeRatio: round(wall / primitiveSeconds),
  }));
}
