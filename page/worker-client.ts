// The page's side of the worker: calls with ids, their events routed to the caller, cancel and stop.
import type { Reply, Request } from './protocol.js';

type Event = Exclude<Reply, { type: 'result' } | { type: 'error' }>;

export interface WorkerClient {
  /** Sends a request; `onEvent` gets its progress, frames and rows; `onId` learns its id (to cancel it). */
  call(req: Request, onEvent?: (e: Event) => void, onId?: (id: number) => void): Promise<unknown>;
  /** Sends a request whose answer nobody waits for (pause, resume). */
  post(req: Request): void;
  cancel(id: number): void;
  /** Stops the painting under way (it then answers with the strokes painted so far). */
  stop(): void;
}

export function createWorkerClient(worker: Worker): WorkerClient {
  let next = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; onEvent?: (e: Event) => void }>();
  worker.onmessage = (e: MessageEvent<Reply>) => {
    const msg = e.data, p = pending.get(msg.id);
    if (!p) { if (msg.type === 'frame') msg.bitmap.close(); return; }
    if (msg.type === 'result') { pending.delete(msg.id); p.resolve(msg.value); }
    else if (msg.type === 'error') { pending.delete(msg.id); p.reject(Object.assign(new Error(msg.message), { code: msg.code })); }
    else p.onEvent?.(msg);
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`the painting worker failed: ${e.message}`));
    pending.clear();
  };
  return {
    call(req, onEvent, onId) {
      const id = next++;
      onId?.(id);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onEvent });
        worker.postMessage({ id, req });
      });
    },
    post(req) { worker.postMessage({ id: next++, req }); },
    cancel(id) { worker.postMessage({ id: 0, cancel: id }); },
    stop() { worker.postMessage({ id: 0, stop: true }); },
  };
}
