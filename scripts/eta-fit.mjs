// Refits time left's cost shapes (COST_SHAPES in src/paint/progress.ts) to traced paintings.
//   node scripts/eta-fit.mjs trace TRACES.json [--renderer swiftshader|llvmpipe]   paints and traces (about 10 min on SwiftShader)
//   node scripts/eta-fit.mjs fit TRACES.json [--renderer swiftshader|llvmpipe]     replays time left with the shape in
//        progress.ts and with one refitted to the traces, at every phase's start, and prints both shapes
// Needs `npm run build` (trace) and the benchmark images in ../shared/images (or FUDE_BENCH_IMAGES).
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const [mode, file] = process.argv.slice(2);
const renderer = process.argv.includes('--renderer') ? process.argv[process.argv.indexOf('--renderer') + 1] : 'swiftshader';
const images = process.env.FUDE_BENCH_IMAGES ?? new URL('../../shared/images/', import.meta.url).pathname;
if (!['trace', 'fit'].includes(mode) || !file) { console.error('usage: node scripts/eta-fit.mjs trace|fit TRACES.json [--renderer R]'); process.exit(2); }

if (mode === 'trace') {
  const { openSession, paint } = await import('../dist/node/index.js');
  const smooth = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'], textured = ['graffiti.jpg', 'aloe.jpg', 'building.jpg', 'leuven.jpg'];
  const cases = [
    ...[...smooth, ...textured].map((i) => [i, 500, 256]),
    ...['chelsea.png', 'rocket.jpg', 'aloe.jpg', 'building.jpg'].map((i) => [i, 200, 256]),
    ...['astronaut.png', 'coffee.png', 'graffiti.jpg', 'leuven.jpg'].map((i) => [i, 1000, 256]),
    ['graffiti.jpg', 3000, 768], ['graffiti.jpg', 2000, 1024], ['graffiti.jpg', 10000, 1024],
  ];
  const session = await openSession({ renderer });
  let lines = [];
  // FUDE_TRACE makes the painter log each phase: its plan, its measured steps' time and its duration
  session.page.on('console', (m) => { if (m.text().startsWith('phase ')) lines.push(m.text()); });
  const out = [];
  for (const [img, strokes, size] of cases) {
    lines = [];
    await session.page.evaluate(() => { globalThis.FUDE_TRACE = true; });
    const p = await paint(join(images, img), { strokes, size, seed: 1, session });
    await new Promise((r) => setTimeout(r, 200)); // the last console messages
    const phases = lines.map((t) => {
      const m = t.match(/^phase \d+: compiled \d+ (\{.*\}) ([\d.]+) s$/);
      return { ...JSON.parse(m[1]), duration: Number(m[2]) };
    });
    out.push({ img, strokes, size, seconds: p.seconds, phases });
    console.log(img, strokes, size, `${p.seconds.toFixed(1)} s`, `${phases.length} phases`);
    writeFileSync(file, JSON.stringify(out));
  }
  await session.close();
} else {
  // progress.ts as it is in the source: transpiled, so that the replay runs the estimate the painter runs
  const dir = mkdtempSync(join(tmpdir(), 'fude-eta-'));
  const src = readFileSync(new URL('../src/paint/progress.ts', import.meta.url), 'utf8');
  writeFileSync(join(dir, 'progress.mjs'), ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText);
  const { addObservation, createEta, COST_SHAPES, costFeatures, solve } = await import(join(dir, 'progress.mjs'));
  const traces = JSON.parse(readFileSync(file, 'utf8'));
  const plan = ({ stepSeconds, compiledSeconds, duration, ...p }) => p;
  // the first step of a phase with a set-up is the set-up's, not a step (clock.ts)
  const stepsMeasured = (ph) => ph.steps - ((ph.setups ?? 1) > 0 ? 1 : 0);
  const usable = (ph) => ph.costOf === undefined && stepsMeasured(ph) > 0 && ph.stepSeconds > 0;
  // the worst error of time left at a phase's start, once a fifth of the painting was done (and before its last tenth)
  const replay = (t) => {
    const eta = createEta(t.phases.map(plan), renderer);
    const total = t.phases.reduce((s, p) => s + (p.duration - p.compiledSeconds), 0) * 1000;
    let elapsed = 0, worst = 0, beforeLastTenth = 0, at = '';
    t.phases.forEach((ph, k) => {
      const estimate = eta.remainingMs(k, 0, elapsed), truth = total - elapsed;
      if (elapsed >= total / 5 && truth > 0) {
        const e = Math.abs(estimate - truth) / truth;
        if (e > worst) { worst = e; at = `phase ${k} at ${(elapsed / 1000).toFixed(1)} s: ${(truth / 1000).toFixed(1)} s left, ${(estimate / 1000).toFixed(1)} s estimated`; }
        if (truth >= total / 10) beforeLastTenth = Math.max(beforeLastTenth, e);
      }
      if (usable(ph)) eta.measured(k, stepsMeasured(ph), ph.stepSeconds * 1000);
      elapsed += (ph.duration - ph.compiledSeconds) * 1000;
    });
    return { worst, beforeLastTenth, at };
  };
  // relative least squares over every measured step: sum of steps x ((x.c - y) / y)^2
  const fit = () => {
    // one row and column per term of the shape, with a tiny ridge so that a term no trace uses stays solvable
    const terms = COST_SHAPES[renderer].length;
    const M = Array.from({ length: terms }, (_, r) => Array.from({ length: terms }, (__, c) => (r === c ? 1e-9 : 0))), v = new Array(terms).fill(0);
    for (const ph of traces.flatMap((t) => t.phases).filter(usable)) {
      const n = stepsMeasured(ph), y = (ph.stepSeconds * 1000) / n;
      addObservation(M, v, costFeatures(ph), y, n / (y * y));
    }
    return solve(M, v).map((c) => Number(c.toFixed(3)));
  };
  const show = (name) => {
    const rs = traces.map(replay);
    console.log(`${name}: [${COST_SHAPES[renderer].join(', ')}], worst ${Math.max(...rs.map((r) => r.worst)).toFixed(2)}, before the last tenth ${Math.max(...rs.map((r) => r.beforeLastTenth)).toFixed(2)}`);
    traces.forEach((t, i) => console.log(`  ${t.img} ${t.strokes} @ ${t.size}: ${rs[i].worst.toFixed(2)} (${rs[i].beforeLastTenth.toFixed(2)}) ${rs[i].at}`));
  };
  show('the shape in progress.ts');
  COST_SHAPES[renderer].splice(0, COST_SHAPES[renderer].length, ...fit());
  show('refitted');
}
