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
  /** The DevTools websocket URL once the browser listens; rejects with its last words if it exits first or is silent for 30 s. */
  readonly endpoint: Promise<string>;
  /** The last lines it wrote to stderr (its own account of a crash), oldest first. */
  readonly log: string[];
}

const LOG_LINES = 40;
const START_MS = 30_000;

/** Spawns the browser (leading its own process group, so that a kill takes every child with it). */
export function spawnBrowser(executablePath: string, args: string[], env: NodeJS.ProcessEnv): BrowserProcess {
  const child = spawn(executablePath, [...args, '--remote-debugging-port=0'], {
    detached: process.platform !== 'win32', stdio: ['ignore', 'ignore', 'pipe'], env,
  });
  const log: string[] = [];
  const endpoint = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}${log.length ? `: ${log.slice(-5).join(' | ')}` : ''}`));
    };
    const timer = setTimeout(() => fail(`it said nothing for ${START_MS / 1000} s`), START_MS);
    timer.unref();
    lines.on('line', (line) => {
      log.push(line);
      if (log.length > LOG_LINES) log.shift();
      const listening = /^DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (listening) { clearTimeout(timer); resolve(listening[1]); }
    });
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`}) before it listened`));
  });
  endpoint.catch(() => {}); // the caller awaits it; an early rejection is not unhandled
  return { process: child, endpoint, log };
}
