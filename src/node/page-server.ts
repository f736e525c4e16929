// The page the headless browser opens: served from 127.0.0.1 (a secure context, which WebCodecs needs;
// about:blank is not one), one tiny server per process, with the fude bundle as a script.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FudeError } from '../errors.js';
import { VIDEO_SCRIPT } from '../bridge/video-loader.js';
import type { BytesWire } from '../bridge/protocol.js';

/** dist/<file> of this package (default the page's script), found from this module whether it runs from src/ or dist/. */
export function bundlePath(file = 'fude.iife.js'): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'dist', file);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new FudeError('io', `the browser bundle dist/${file} is missing: run \`npm run build\` in the fude package`);
}

/**
 * Where the page posts the bytes of its answers (bridge/upload.ts): a path with this server's secret in
 * it, so that only the pages it served can post.
 */
const UPLOADS = `/upload/${randomBytes(16).toString('hex')}/`;
/** An upload nobody takes within this long (its call failed on the way back) is dropped. */
const UPLOAD_KEEP_MS = 60_000;
/** Bounds what a page can make Node hold: far above a 2048² render tile (16 MB) or a long video. */
const UPLOAD_MAX_BYTES = 1 << 30;

// FUDE_TRACE=1 makes the painter log each phase's time to the console (FUDE_DEBUG=1 shows it)
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>fude</title></head><body><script>${process.env.FUDE_TRACE ? 'globalThis.FUDE_TRACE = true;' : ''}globalThis.FUDE_UPLOAD = '${UPLOADS}'</script><script src="fude.js"></script></body></html>`;

let server: Promise<{ server: Server; url: string }> | null = null;
/** Files the page fetches from this server (see serveFile), by their one-off path under FILES. */
const files = new Map<string, Uint8Array>();
const FILES = '/file/';

/**
 * Serves bytes (an input image) to the page at a one-off path until released. The page fetches them:
 * a 0.8 MB PNG took 78 ms to reach it as base64 through the DevTools protocol.
 */
export async function serveFile(bytes: Uint8Array): Promise<{ path: string; release(): void }> {
  await pageUrl();
  const path = `${FILES}${randomUUID()}`;
  files.set(path, bytes);
  return { path, release: () => { files.delete(path); } };
}

export const toBase64 = (b: Uint8Array | Uint8ClampedArray) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
/** Bytes the page answered with: base64, or an upload to this server. */
export const bytesFrom = (w: BytesWire) => (typeof w === 'string' ? new Uint8Array(Buffer.from(w, 'base64')) : takeUpload(w.upload));

const uploads = new Map<string, { bytes: Uint8Array; timer: NodeJS.Timeout }>();

/** The bytes the page posted under `id` (each can be taken once). */
export function takeUpload(id: string): Uint8Array {
  const up = uploads.get(id);
  if (!up) throw new FudeError('internal', `the page's answer ${id} did not arrive`);
  uploads.delete(id);
  clearTimeout(up.timer);
  return up.bytes;
}

function receiveUpload(id: string, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > UPLOAD_MAX_BYTES) { res.writeHead(413).end(); req.destroy(); return; }
    chunks.push(c);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const timer = setTimeout(() => uploads.delete(id), UPLOAD_KEEP_MS);
    timer.unref();
    uploads.set(id, { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), timer });
    res.writeHead(204).end();
  });
}

/** The URL of the page (the server starts on first use, on a free loopback port). */
export async function pageUrl(): Promise<string> {
  server ??= new Promise((resolve, reject) => {
    const bundle = readFileSync(bundlePath());
    const script = (bytes: Buffer, res: ServerResponse) => { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(bytes); };
    let video: Buffer | undefined; // read when a page first asks for it (see bridge/video-loader.ts)
    const s = createServer((req, res) => {
      if (req.url === '/fude.js') { script(bundle, res); return; }
      if (req.url === `/${VIDEO_SCRIPT}`) {
        try { video ??= readFileSync(bundlePath('fude-video.iife.js')); } catch { res.writeHead(404).end(); return; }
        script(video, res);
        return;
      }
      if (req.method === 'POST' && req.url?.startsWith(UPLOADS)) { receiveUpload(req.url.slice(UPLOADS.length), req, res); return; }
      if (req.url?.startsWith(FILES)) {
        const bytes = files.get(req.url);
        res.writeHead(bytes ? 200 : 404, { 'content-type': 'application/octet-stream' });
        res.end(bytes);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    });
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      s.unref(); // never keeps the process alive
      resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/` });
    });
  });
  return (await server).url;
}
