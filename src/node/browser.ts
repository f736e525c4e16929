// Finding and launching a system Chromium/Chrome for the headless WebGL2 bridge.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FudeError } from '../errors.js';

export interface BrowserOptions {
  /** Path to a Chromium or Chrome executable; otherwise FUDE_CHROME, PUPPETEER_EXECUTABLE_PATH, then the usual places. */
  executablePath?: string;
  /** Extra command-line flags for the browser. */
  args?: string[];
}

const USUAL_PATHS = [
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

/** Flags that give WebGL2 in headless Chromium on machines without a GPU (SwiftShader), quietly. */
export const LAUNCH_FLAGS = [
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const executablePath = findBrowser(options.executablePath);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  try {
    return await puppeteer.launch({
      executablePath,
      headless: true,
      args: [...LAUNCH_FLAGS, ...(asRoot ? ['--no-sandbox'] : []), ...(options.args ?? [])],
      protocolTimeout: 0,
      // our callers close the browser on every exit path; puppeteer's own handlers would exit the
      // process on Ctrl-C before the strokes painted so far are written
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    throw new FudeError('no-browser', `could not start the browser at ${executablePath}: ${(e as Error).message.split('\n')[0]}`);
  }
}
