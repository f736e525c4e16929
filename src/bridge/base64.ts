// Bytes across the DevTools protocol: the Node bridge moves images into and out of the page as base64.

// The browser's native codec (Chromium 140+, Node 25+): 10x faster than a string walk, where it exists
type NativeBase64 = { fromBase64?: (s: string) => Uint8Array };
const native = Uint8Array as unknown as NativeBase64;
const hasToBase64 = typeof (Uint8Array.prototype as unknown as { toBase64?: unknown }).toBase64 === 'function';

/** Base64 of bytes, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function bytesToBase64(bytes: Uint8Array | Uint8ClampedArray): string {
  if (hasToBase64) return (new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as { toBase64(): string }).toBase64();
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The same through the browser's own encoder (FileReader), many times faster for megabytes. */
export async function bytesToBase64Async(bytes: Uint8Array | Uint8ClampedArray): Promise<string> {
  if (hasToBase64 || bytes.length < 1 << 16) return bytesToBase64(bytes);
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  });
  return url.slice(url.indexOf(',') + 1);
}

export function base64ToBytes(b64: string): Uint8Array {
  if (native.fromBase64) return native.fromBase64(b64);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
