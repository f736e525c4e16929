// A page in headless Chromium with the fude browser bundle loaded: Node's door to the WebGL2 engine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { FudeError } from '../errors.js';
import { launchBrowser, type BrowserOptions } from './browser.js';

/** dist/fude.iife.js of this package, found from this module whether it runs from src/ or dist/. */
export function bundlePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'dist', 'fude.iife.js');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new FudeError('io', 'the browser bundle dist/fude.iife.js is missing: run `npm run build` in the fude package');
}

export interface Session {
  readonly browser: Browser;
  readonly page: Page;
  /** The GPU renderer string of the page's WebGL2 context. */
  renderer(): Promise<string>;
  close(): Promise<void>;
}

export interface SessionOptions extends BrowserOptions {
  /** Reuse a browser (several jobs, one browser); it is then left open by close(). */
  browser?: Browser;
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const bundle = readFileSync(bundlePath(), 'utf8');
  const ownBrowser = !options.browser;
  const browser = options.browser ?? (await launchBrowser(options));
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => process.env.FUDE_DEBUG && console.error('[page]', e));
    await page.setContent('<!doctype html><html><body><canvas id="fude" width="1" height="1"></canvas></body></html>');
    await page.addScriptTag({ content: bundle });
    const ok = await page.evaluate(() => {
      const c = document.createElement('canvas');
      return !!c.getContext('webgl2');
    });
    if (!ok) {
      throw new FudeError('no-webgl2', 'the headless browser has no WebGL2: launch it with --enable-unsafe-swiftshader (fude does) and without --disable-gpu or --disable-software-rasterizer');
    }
    return {
      browser, page,
      renderer: () => page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2')!;
        return (globalThis as any).fude.rendererName(gl) as string;
      }),
      async close() {
        await page.close().catch(() => {});
        if (ownBrowser) await browser.close().catch(() => {});
      },
    };
  } catch (e) {
    if (ownBrowser) await browser.close().catch(() => {});
    throw e;
  }
}
