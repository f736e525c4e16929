// A page in headless Chromium with the fude bundle loaded: Node's door to the WebGL2 engine. Calls go
// through one typed helper; events come back tagged with their job; a crashed or stuck page ends every
// call on it with a clear error instead of a hang.
import type { Browser, Page } from 'puppeteer-core';
import { FudeError, type FudeErrorCode } from '../errors.js';
import { EVENT_FUNCTION, type PageApi, type PageEvent, type PageLimits, type WireError, type WireResult } from '../bridge/protocol.js';
import { closeBrowser, launchBrowser, machineHasGpu, rendererCandidates, rendererKindOf, requestedRenderer, waysFor, type BrowserOptions, type RendererKind } from './browser.js';
import { pageUrl } from './page-server.js';

export interface Session {
  readonly browser: Browser;
  readonly page: Page;
  /** The WebGL renderer the page runs on, and what kind it is. */
  readonly renderer: string;
  readonly rendererKind: RendererKind;
  /** What this page's GPU can do (sizes and stroke counts are checked against it before any work). */
  readonly limits: PageLimits;
  /** Calls the page runtime (bridge/page.ts); its failures arrive as FudeErrors. */
  call<K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>>;
  /** Listens to the events of one job; returns the unsubscriber. */
  onEvent(jobId: string, listener: (e: PageEvent) => void): () => void;
  close(): Promise<void>;
}

export interface SessionOptions extends BrowserOptions {
  /** Reuse a browser (several sessions, one browser); it is then left open by close(). */
  browser?: Browser;
  /** A page that answers no call for this long is taken for stuck (default 30 s). */
  watchdogMs?: number;
}

/** The page loads in ~0.15 s; this long without it, the browser is broken. */
const PAGE_LOAD_MS = 30_000;
/** How often the watchdog asks the page whether it still answers. */
const PING_MS = 1000;

const CODES: FudeErrorCode[] = ['no-webgl2', 'no-float-targets', 'shader-compile', 'context-lost', 'nan', 'bad-input', 'bad-option', 'no-browser', 'io', 'aborted', 'disposed', 'browser-crashed'];

/** A page failure as a FudeError: its own code when it has one, else an internal error that keeps the page's stack. */
export function fromWire(e: WireError): FudeError {
  if (e.code && (CODES as string[]).includes(e.code)) return new FudeError(e.code as FudeErrorCode, e.message);
  const err = new FudeError('internal', `internal error in the page: ${e.message}`);
  if (e.stack) err.stack = `${err.name}: ${err.message}\n  in the page:\n${e.stack}`;
  return err;
}

/** Opens a session on the requested renderer (auto: the first of GPU, llvmpipe, SwiftShader that passes the check). */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  if (options.browser) return attach(options.browser, false, options);
  const requested = requestedRenderer(options);
  const candidates = rendererCandidates(requested);
  const failures: string[] = [];
  const url = await pageUrl();
  for (const kind of candidates) {
    for (const way of waysFor(kind, options)) {
      const browser = await launchBrowser(options, way, url);
      try {
        const session = await attach(browser, true, options);
        // each candidate must be what it asked for: a software renderer behind the GPU flags does not count
        if (session.rendererKind === kind) return session;
        failures.push(`${kind}: got ${kind === 'gpu' ? 'a software renderer, ' : ''}${session.renderer}`);
        await session.close();
      } catch (e) {
        failures.push(`${kind}: ${(e as Error).message}`);
        await closeBrowser(browser);
      }
    }
  }
  // a renderer asked for by name has no fallback: say which one would run
  const noGpu = requested === 'gpu' && !machineHasGpu() ? ' (this machine has no GPU device: no /dev/dri render node, no /dev/nvidia0)' : '';
  const instead = requested === 'auto' ? '' : `; --renderer auto (the default) takes the first of a GPU, llvmpipe and SwiftShader that works${noGpu}`;
  throw new FudeError('no-webgl2', `no renderer passed the WebGL2 check (${failures.join('; ')})${instead}`);
}

async function attach(browser: Browser, ownBrowser: boolean, options: SessionOptions): Promise<Session> {
  // a browser of our own opened the page in its first tab as it started (a new tab and a goto cost
  // ~0.2 s); never take a caller's tab
  const first = ownBrowser ? (await browser.pages())[0] : undefined;
  const page = first ?? await browser.newPage();
  const listeners = new Map<string, (e: PageEvent) => void>();
  const pending = new Set<(e: Error) => void>();
  let dead: FudeError | null = null;
  const die = (e: FudeError) => {
    if (dead) return;
    dead = e;
    for (const reject of pending) reject(e);
    pending.clear();
  };
  page.on('error', (e) => die(new FudeError('browser-crashed', `the headless browser's page crashed (${e.message}): the strokes painted so far are kept`)));
  page.on('pageerror', (e) => process.env.FUDE_DEBUG && console.error('[page]', e));
  if (process.env.FUDE_DEBUG) page.on('console', (m) => console.error('[page]', m.text()));
  const onDisconnect = () => die(new FudeError('browser-crashed', 'the headless browser exited: the strokes painted so far are kept'));
  browser.on('disconnected', onDisconnect);
  /** What a session gives back: its listener, and a browser of our own whole (its pages with it); of a caller's, only our tab. */
  const leave = async () => {
    browser.off('disconnected', onDisconnect);
    if (ownBrowser) await closeBrowser(browser);
    else await page.close().catch(() => {});
  };
  // The events' binding goes into the page the jobs run in. In our own first tab it is added once the
  // page has loaded: added while the tab was still changing documents, it could land in the one being
  // replaced, and no progress or strokes then reached Node (the likely cause of a CI failure once the
  // browser started faster).
  const expose = () => page.exposeFunction(EVENT_FUNCTION, (e: PageEvent) => { listeners.get(e.jobId)?.(e); });
  try {
    if (first) {
      await page.waitForFunction(() => 'fude' in globalThis, { polling: 10, timeout: PAGE_LOAD_MS });
      await expose();
    } else {
      await expose();
      await page.goto(await pageUrl(), { timeout: PAGE_LOAD_MS });
    }
    if (!(await page.evaluate((name) => typeof (globalThis as Record<string, unknown>)[name] === 'function', EVENT_FUNCTION))) {
      throw new FudeError('browser-crashed', 'the headless page did not get its event channel: start the session again');
    }
  } catch (e) {
    await leave(); // a session that never opened leaves nothing either
    throw e;
  }

  /** A call that fails on a crash, a closed browser or a stuck page, whichever comes first. */
  const guarded = <T>(work: Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
    if (dead) { work.catch(() => {}); reject(dead); return; }
    pending.add(reject);
    work.then(resolve, (e: Error) => reject(dead ?? new FudeError('browser-crashed', `the headless browser stopped answering (${e.message.split('\n')[0]})`)))
      .finally(() => pending.delete(reject));
  });
  const call = async <K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> => {
    type Runtime = { fude: { call(n: string, a: unknown[]): Promise<WireResult<unknown>> } };
    const result = await guarded(page.evaluate((n: string, a: unknown[]) => (globalThis as unknown as Runtime).fude.call(n, a), name as string, args as unknown[]));
    if ('error' in result) throw fromWire(result.error);
    return result.ok as Awaited<ReturnType<PageApi[K]>>;
  };

  // Liveness: a page that answers nothing for watchdogMs (a hung GPU, an endless shader) is stuck. Only
  // time that Node itself was free to hear an answer counts: a caller that blocks Node's event loop
  // (a long synchronous computation between calls) must not get a healthy page closed under it.
  const watchdogMs = options.watchdogMs ?? 30_000;
  let lastAnswer = Date.now(), lastTick = lastAnswer, pinging = false;
  const ping = setInterval(() => {
    if (dead) return;
    const now = Date.now();
    if (now - lastTick > 2 * PING_MS) lastAnswer = now;  // Node was busy: an answer may be waiting unread
    lastTick = now;
    if (now - lastAnswer > watchdogMs) {
      die(new FudeError('browser-crashed', `the headless page answered nothing for ${Math.round(watchdogMs / 1000)} s and was stopped: the strokes painted so far are kept`));
      void page.close().catch(() => {});
      return;
    }
    if (pinging) return;
    pinging = true;
    page.evaluate(() => 1).then(() => { lastAnswer = Date.now(); }, () => {}).finally(() => { pinging = false; });
  }, PING_MS);
  ping.unref();

  const close = async () => {
    clearInterval(ping);
    die(new FudeError('aborted', 'the session was closed'));
    await leave();
  };
  try {
    const limits = await call('limits');
    return {
      browser, page, limits, renderer: limits.renderer, rendererKind: rendererKindOf(limits.renderer), call, close,
      onEvent(jobId, listener) {
        listeners.set(jobId, listener);
        return () => { listeners.delete(jobId); };
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
