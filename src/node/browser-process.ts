// Starting the headless Chromium process ourselves rather than through puppeteer.launch: the process
// starts first and puppeteer (0.3 s of Node's imports) loads while Chromium does (see launchBrowser).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Flags every launch gets: puppeteer's defaults for automation, and no background traffic a closed network refuses. */
export const LAUNCH_FLAGS = [
  // puppeteer-core 24's defaults (ChromeLauncher.defaultArgs), which puppeteer.launch gave us before
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  // puppeteer's list, and ours: Chromium 156 preloads its omnibox popups (two WebUI renderers) even
  // headless, 0.6 s of a 2-core machine's start, still loading when the painting began
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
  // ours
  // The page is never shown: compositing it on the GPU only made the GPU process build a display
  // compositor on the software renderer before WebGL could start (0.7 s on SwiftShader, 0.1 s on llvmpipe)
  '--disable-gpu-compositing',
  '--disable-component-update',
  '--no-default-browser-check',
  '--ignore-gpu-blocklist',
  // the network service in the browser process: the page's first request no longer waits 0.2-0.3 s for
  // a utility process to start (a session opens 0.08 s sooner on SwiftShader, five runs each way)
  '--enable-features=NetworkServiceInProcess2',
];

/**
 * The flags with one --enable-features and one --disable-features, each the union of all given: Chromium
 * keeps only the last of each, so a renderer's `--enable-features=Vulkan` or a caller's own list would
 * otherwise silently drop ours.
 */
export function mergeFeatureFlags(args: string[]): string[] {
  const lists = new Map<string, string[]>();
  const rest: string[] = [];
  for (const a of args) {
    const m = /^(--(?:enable|disable)-features)=(.*)$/.exec(a);
    if (!m) { rest.push(a); continue; }
    const list = lists.get(m[1]) ?? [];
    for (const f of m[2].split(',')) if (f && !list.includes(f)) list.push(f);
    lists.set(m[1], list);
  }
  // flags before the start URL, which stays last
  const url = rest.length && !rest[rest.length - 1].startsWith('-') ? [rest.pop()!] : [];
  return [...rest, ...[...lists].map(([flag, list]) => `${flag}=${list.join(',')}`), ...url];
}

export interface BrowserProcess {
  readonly process: ChildProcess;
  /**
   * How to connect: the DevTools pipe (our end to write to and to read from), or, without one, the
   * DevTools websocket URL once the browser listens.
   */
  readonly pipe?: { write: NodeJS.WritableStream; read: NodeJS.ReadableStream };
  readonly endpoint: Promise<string>;
  /** Rejects with the browser's last words if it exits or fails before connected() (or is silent for 30 s). */
  readonly failed: Promise<never>;
  /** The caller is connected: the start's time limit is over. */
  connected(): void;
  /** The last lines it wrote to stderr (its own account of a crash), oldest first. */
  readonly log: string[];
}

const LOG_LINES = 40;
const START_MS = 30_000;

/**
 * Spawns the browser (leading its own process group, so that a kill takes every child with it). With
 * `pipe`, DevTools speaks over the child's file descriptors 3 and 4 instead of a port, and the browser
 * quits when they close, in one process or isolated: it no longer outlives a Node process killed with
 * SIGKILL or by the out-of-memory killer, as it did on a port.
 */
export function spawnBrowser(executablePath: string, args: string[], env: NodeJS.ProcessEnv, pipe = true): BrowserProcess {
  const child = spawn(executablePath, [...args, pipe ? '--remote-debugging-pipe' : '--remote-debugging-port=0'], {
    detached: process.platform !== 'win32', stdio: pipe ? ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'], env,
  });
  const log: string[] = [];
  const lines = createInterface({ input: child.stderr! });
  lines.on('line', (line) => {
    log.push(line);
    if (log.length > LOG_LINES) log.shift();
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}${log.length ? `: ${log.slice(-5).join(' | ')}` : ''}`));
    };
    timer = setTimeout(() => fail(`it said nothing for ${START_MS / 1000} s`), START_MS);
    timer.unref();
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`}) before it listened`));
  });
  failed.catch(() => {}); // the caller races it; a rejection after the start is no one's business
  const endpoint = pipe ? Promise.resolve('') : Promise.race([failed, new Promise<string>((resolve) => {
    lines.on('line', (line) => {
      const listening = /^DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (listening) resolve(listening[1]);
    });
  })]);
  endpoint.catch(() => {});
  const [write, read] = pipe ? [child.stdio[3] as NodeJS.WritableStream, child.stdio[4] as NodeJS.ReadableStream] : [];
  // a write after the browser died fails with EPIPE: that is its exit's business, not an uncaught error
  for (const end of [write, read]) (end as NodeJS.EventEmitter | undefined)?.on('error', () => {});
  return { process: child, pipe: write && read ? { write, read } : undefined, endpoint, failed, connected: () => clearTimeout(timer), log };
}
