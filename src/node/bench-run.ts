// What the benches share: running the CLI as a user would (so wall times include browser start), the
// benchmark images, flags, and writing records to bench/results/.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PaintSummary } from './paint-files.js';
import { etaAccuracy, type EtaAccuracy, type EtaPoint } from '../bench/stats.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(PACKAGE_ROOT, 'bin', 'fude.js');

/**
 * `npx fude …` as the painterly-brush issue times it: npm's launcher (`npm exec`, what npx runs), from
 * the package's folder, never installing anything (`--no`). npm's own start costs 0.5–0.7 s of every
 * command on this machine (`npx fude --help` 0.75–0.95 s against 0.17–0.19 s for `node bin/fude.js
 * --help`); the records before the quality run of 2026-12-03 20:53 ran `node bin/fude.js` and leave it out.
 */
function npxFude(args: string[]): [string, string[]] {
  const npm = process.env.npm_execpath; // set when the bench runs under npm (npm run bench)
  const exec = ['exec', '--no', '--prefix', PACKAGE_ROOT, '--', 'fude', ...args];
  return npm && /npm-cli\.js$/.test(npm) ? [process.execPath, [npm, ...exec]] : ['npm', exec];
}

/** `--name=value` of the bench's command line. */
export function flag(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
export const listFlag = (args: string[], name: string) => flag(args, name)?.split(',').filter(Boolean);

/** The renderer flag passed on to every CLI run (`--renderer=llvmpipe`), if any. */
export const rendererArgs = (args: string[]) => (flag(args, 'renderer') ? ['--renderer', flag(args, 'renderer')!] : []);

/** A folder holding the benchmark images: --images=DIR, FUDE_BENCH_IMAGES, ../shared/images or bench/images. */
export function imagesDir(args: string[], wanted: string[]): string {
  const candidates = [flag(args, 'images'), process.env.FUDE_BENCH_IMAGES, '../shared/images', 'bench/images'].filter(Boolean) as string[];
  const dir = candidates.map((d) => resolve(d)).find((d) => existsSync(d) && readdirSync(d).some((f) => wanted.includes(f)));
  if (!dir) throw new Error(`no benchmark images found (looked in ${candidates.join(', ')}); pass --images=DIR`);
  return dir;
}

export interface CliRun { summary: PaintSummary; wallSeconds: number; eta: EtaAccuracy }

/**
 * `npx fude paint image --json --progress-json …` in a child process; the wall time is the whole
 * command's, as `time` would measure it, and the progress reports tell how good its estimates of time left were.
 */
export async function paintWithCli(image: string, paintArgs: string[]): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'fude-bench-'));
  try {
    const t0 = performance.now();
    const { code, stdout, stderr } = await run(...npxFude(['paint', image, '--json', '--progress-json', '--out', out, ...paintArgs])).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new Error('the benches run `npm exec -- fude` (what npx runs) and could not start npm: run them with `npm run bench`, or put npm on the PATH') : e;
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`fude paint ${image} ${paintArgs.join(' ')} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    const reports = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as EtaPoint);
    const eta = etaAccuracy(reports);
    return { summary: JSON.parse(stdout) as PaintSummary, wallSeconds, eta: { ...eta, worst: round(eta.worst, 3), worstBeforeLastTenth: round(eta.worstBeforeLastTenth, 3) } };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
export const pad = (v: string | number, w: number) => String(v).padStart(w);

/** Writes bench/results/<name>-<stamp>.json (and .md when given); returns the paths. */
export function writeResults(outDir: string, name: string, stamp: string, json: unknown, md?: string): string[] {
  const files = [join(outDir, `${name}-${stamp}.json`)];
  writeFileSync(files[0], JSON.stringify(json, null, 2) + '\n');
  if (md !== undefined) { files.push(join(outDir, `${name}-${stamp}.md`)); writeFileSync(files[1], md); }
  for (const f of files) console.log(`wrote ${f}`);
  return files;
}
