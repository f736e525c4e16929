// Finding and launching a system Chromium/Chrome for the headless WebGL2 bridge, on the renderer asked
// for, with a profile folder of our own that goes away with the browser on every exit path.
import fs, { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, ConnectionTransport } from 'puppeteer-core';
import { FudeError } from '../errors.js';
import { killGroup, newProfileDir, trackBrowser } from './cleanup.js';
import { LAUNCH_FLAGS, mergeFeatureFlags, spawnBrowser, type BrowserProcess } from './browser-process.js';

/**
 * Which WebGL implementation the headless browser renders with. `auto` tries a hardware GPU (when the
 * machine has one), then Mesa's llvmpipe, then SwiftShader, and keeps the first that passes a check.
 */
export type RendererChoice = 'auto' | 'gpu' | 'llvmpipe' | 'swiftshader';
export const RENDERER_CHOICES: readonly RendererChoice[] = ['auto', 'gpu', 'llvmpipe', 'swiftshader'];
export type { RendererKind } from '../render/renderer-kind.js';
export { rendererKindOf } from '../render/renderer-kind.js';
import type { RendererKind } from '../render/renderer-kind.js';

export interface BrowserOptions {
  /** Path to a Chromium or Chrome executable; otherwise FUDE_CHROME, PUPPETEER_EXECUTABLE_PATH, then the usual places. */
  executablePath?: string;
  /** Extra command-line flags for the browser. */
  args?: string[];
  /** The renderer (default: FUDE_RENDERER, else auto). */
  renderer?: RendererChoice;
  /**
   * Run the page and the GPU in processes of their own, as Chromium usually does (default: FUDE_ISOLATE=1,
   * else off for a software renderer). In one process a browser opens its session 0.2-0.3 s sooner;
   * isolated, a crash of the page or the GPU leaves the browser up. `batch` and `worker`, whose browser
   * hosts several sessions for hours, isolate; a hardware GPU always runs isolated.
   */
  isolate?: boolean;
}

// Chromium's headless shell first: no browser UI to start, so a session opens 0.6-0.7 s sooner than with
// the full browser's headless mode on a 2-core machine (same WebGL, same WebCodecs, same pixels). Debian's
// binary itself, not its /usr/bin wrapper, which stays alive as the browser's parent shell.
const USUAL_PATHS = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** The browser executable to use, or a FudeError saying how to get one. */
export function findBrowser(explicit?: string): string {
  const named = [
    ['option executablePath', explicit],
    ['FUDE_CHROME', process.env.FUDE_CHROME],
    ['PUPPETEER_EXECUTABLE_PATH', process.env.PUPPETEER_EXECUTABLE_PATH],
  ] as const;
  for (const [source, path] of named) {
    if (!path) continue;
    if (existsSync(path)) return path;
    throw new FudeError('no-browser', `${source} points to "${path}", which does not exist: set it to a Chromium or Chrome executable`);
  }
  const found = USUAL_PATHS.find((p) => existsSync(p));
  if (found) return found;
  throw new FudeError('no-browser',
    'no Chromium or Chrome found: install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set FUDE_CHROME=/path/to/chrome');
}

export { LAUNCH_FLAGS };

/** How each renderer is asked for (found by trying headless Chromium 156 on Linux). */
export const RENDERER_FLAGS: Record<RendererKind, { args: string[]; env?: Record<string, string> }[]> = {
  // a hardware GPU through EGL (Mesa's drivers, NVIDIA's EGL), or through Vulkan
  gpu: [
    { args: ['--use-angle=gl-egl', '--enable-gpu'] },
    { args: ['--use-angle=vulkan', '--enable-features=Vulkan', '--enable-gpu'] },
  ],
  // Mesa's software rasterizer through EGL; the env keeps Mesa on it when a GPU is there too
  llvmpipe: [{ args: ['--use-angle=gl-egl'], env: { LIBGL_ALWAYS_SOFTWARE: '1', GALLIUM_DRIVER: 'llvmpipe' } }],
  // Chromium's own software Vulkan (since Chrome 144 only with this flag)
  swiftshader: [{ args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] }],
};

/** Whether this machine shows a GPU device to user space (worth trying before the software renderers). */
export function machineHasGpu(): boolean {
  if (process.platform !== 'linux') return true;
  try {
    if (readdirSync('/dev/dri').some((f) => f.startsWith('renderD'))) return true;
  } catch { /* no /dev/dri */ }
  return existsSync('/dev/nvidia0');
}

/** The renderers `choice` stands for, in the order to try them. */
export function rendererCandidates(choice: RendererChoice): RendererKind[] {
  if (!RENDERER_CHOICES.includes(choice)) {
    throw new FudeError('bad-option', `renderer must be one of ${RENDERER_CHOICES.join(', ')}, got "${choice}"`);
  }
  if (choice !== 'auto') return [choice];
  return [...(machineHasGpu() ? ['gpu' as const] : []), 'llvmpipe', 'swiftshader'];
}

/**
 * Chromium's page, GPU and browser in one process: no renderer or GPU process to start (a session on a
 * software renderer opened in 0.84-0.87 s against 1.03-1.08 s, SwiftShader, 3 alternating runs).
 */
export const ONE_PROCESS_FLAGS = ['--single-process', '--no-zygote'];

/** The ways to ask for renderer `kind`, in one process unless isolated (or on a hardware GPU). */
export function waysFor(kind: RendererKind, options: BrowserOptions): { args: string[]; env?: Record<string, string> }[] {
  const isolate = options.isolate ?? process.env.FUDE_ISOLATE === '1';
  if (isolate || kind === 'gpu') return RENDERER_FLAGS[kind];
  return RENDERER_FLAGS[kind].map((way) => ({ ...way, args: [...way.args, ...ONE_PROCESS_FLAGS] }));
}

export function requestedRenderer(options: BrowserOptions): RendererChoice {
  return (options.renderer ?? (process.env.FUDE_RENDERER as RendererChoice | undefined) ?? 'auto');
}

/**
 * Puppeteer without its launchers: fude starts the browser itself and only connects. The package's
 * browser entry (the same classes) with the Node environment its main entry sets up (fs and path for
 * screenshots, the screen recorder) loads in 0.16-0.19 s against 0.26-0.30 s for the main entry, and
 * that import is on the start's critical path. A puppeteer-core without those files gets the main entry.
 */
type Connector = { default: { connect: typeof import('puppeteer-core').connect } };
type PipeTransportClass = new (write: NodeJS.WritableStream, read: NodeJS.ReadableStream) => ConnectionTransport;
async function connectOnly(): Promise<Connector & { PipeTransport?: PipeTransportClass }> {
  // the pipe's transport whichever entry connects: hasPipeTransport() chose the pipe by this file alone
  const pipe = (import('puppeteer-core/internal/node/PipeTransport.js') as Promise<unknown> as Promise<{ PipeTransport: PipeTransportClass }>)
    .then((m) => m.PipeTransport, () => undefined);
  const entry = async (): Promise<Connector> => {
    try {
      const [browserEntry, { environment }, { ScreenRecorder }] = await Promise.all([
        import('puppeteer-core/internal/puppeteer-core-browser.js') as Promise<unknown> as Promise<Connector>,
        import('puppeteer-core/internal/environment.js') as Promise<unknown> as Promise<{ environment: { value: object } }>,
        import('puppeteer-core/internal/node/ScreenRecorder.js') as Promise<unknown> as Promise<{ ScreenRecorder: unknown }>,
      ]);
      environment.value = { fs, path, ScreenRecorder }; // as puppeteer-core.js does
      return browserEntry;
    } catch {
      return import('puppeteer-core');
    }
  };
  const [connector, PipeTransport] = await Promise.all([entry(), pipe]);
  return { ...connector, PipeTransport };
}

/** Whether this puppeteer-core has the pipe transport connectOnly takes (decided before the browser starts). */
function hasPipeTransport(): boolean {
  try {
    createRequire(import.meta.url).resolve('puppeteer-core/internal/node/PipeTransport.js');
    return true;
  } catch {
    return false;
  }
}

/** The process and log behind each browser we launched. */
const processes = new WeakMap<Browser, BrowserProcess>();

/**
 * Launches the browser with one way of asking for a renderer; its process and profile are cleaned up on
 * exit. With `startUrl` its first tab opens that page while the browser starts (0.1 s sooner than a goto).
 * The process starts before puppeteer is loaded, so that import (connectOnly) overlaps Chromium's start.
 */
export async function launchBrowser(options: BrowserOptions = {}, way: { args: string[]; env?: Record<string, string> } = RENDERER_FLAGS.swiftshader[0], startUrl?: string): Promise<Browser> {
  const executablePath = findBrowser(options.executablePath);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const userDataDir = newProfileDir();
  const untrack = trackBrowser(userDataDir);
  try {
    const started = spawnBrowser(executablePath, mergeFeatureFlags([
      ...LAUNCH_FLAGS, `--user-data-dir=${userDataDir}`, ...way.args, ...(asRoot ? ['--no-sandbox'] : []), ...(options.args ?? []), startUrl ?? 'about:blank',
    ]), { ...process.env, ...way.env }, hasPipeTransport());
    untrack.attach(started.process);
    const [{ default: puppeteer, PipeTransport }, browserWSEndpoint] = await Promise.all([connectOnly(), started.endpoint]);
    // calls can take as long as a painting: our own watchdog (session.ts) ends stuck ones
    const how = started.pipe && PipeTransport ? { transport: new PipeTransport(started.pipe.write, started.pipe.read) } : { browserWSEndpoint };
    const browser = await Promise.race([puppeteer.connect({ ...how, protocolTimeout: 0 }), started.failed]);
    started.connected();
    // a connected browser knows no process; this one has ours, as puppeteer.launch's would
    const child = started.process;
    Object.defineProperty(browser, 'process', { value: () => child, configurable: true });
    processes.set(browser, started);
    return browser;
  } catch (e) {
    untrack.kill();
    throw new FudeError('no-browser', `could not start the browser at ${executablePath}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The process of a browser launchBrowser started (undefined for one it did not). */
export function browserProcess(browser: Browser): BrowserProcess['process'] | undefined {
  return processes.get(browser)?.process;
}

/** What a browser we launched last wrote to stderr (its own account of a crash), oldest first. */
export function browserLog(browser: Browser): string[] {
  return [...(processes.get(browser)?.log ?? [])];
}

/**
 * Ends a browser we launched. Its profile is thrown away, so nothing is lost by killing it: 55 ms, where
 * a graceful Browser.close took 150 ms of every CLI run. A browser we did not launch is asked to close.
 */
export async function closeBrowser(browser: Browser): Promise<void> {
  const proc = browserProcess(browser);
  if (!proc) { await browser.close().catch(() => {}); return; }
  const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  if (process.platform === 'win32') await browser.close().catch(() => {});
  else killGroup(proc.pid);
  await Promise.all([exited, browser.disconnect().catch(() => {})]);
}
