// Bytes from the page to Node. The DevTools protocol carries them as base64 inside JSON: a 640 px
// render (1.4 MB) took 150 ms to cross that way, where its own rendering took 65 ms. So the page posts
// large answers to the server it was served from (node/page-server.ts) and the call returns their id.
import { bytesToBase64Async } from './base64.js';
import type { BytesWire } from './protocol.js';

/** Below this, base64 in the reply is as quick as a request of its own. */
const SMALL_BYTES = 1 << 16;

/** The bytes as the reply carries them: base64 when small or when there is no server to post to. */
export async function shipBytes(bytes: Uint8Array | Uint8ClampedArray): Promise<BytesWire> {
  const uploads = (globalThis as { FUDE_UPLOAD?: string }).FUDE_UPLOAD;
  if (!uploads || bytes.length < SMALL_BYTES) return bytesToBase64Async(bytes);
  const id = crypto.randomUUID();
  try {
    // a Blob body: a typed array took 4x as long to post (170 against 45 ms for 1.4 MB)
    const res = await fetch(uploads + id, { method: 'POST', body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    if (res.ok) return { upload: id };
  } catch { /* the server is gone: the protocol still carries base64 */ }
  return bytesToBase64Async(bytes);
}
