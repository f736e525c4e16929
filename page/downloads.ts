// The page's downloads: PNG at a chosen size, strokes.json, SVG, the process GIF and video. The large
// ones run in the worker with a busy line (progress, time left) and a Cancel.
import * as fude from '../src/index.js';
import type { Painting } from '../src/index.js';
import type { WorkerClient } from './worker-client.js';
import { $, type Busy } from './dom.js';

interface Host {
  painting(): Painting;
  sourceName(): string | undefined;
  busy(): Busy;
  setBusy(b: Busy): void;
  refresh(): void;
  clearError(): void;
  showError(e: unknown): void;
}

function save(data: BlobPart, type: string, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function setupDownloads(worker: WorkerClient, host: Host): void {
  const fileBase = () => (host.sourceName() ?? 'painting').replace(/\.\w+$/, '').replace(/[^\w.-]+/g, '_');

  async function busy(what: string, run: (onId: (id: number) => void, onEvent: (e: { type: string; done?: number; total?: number; etaMs?: number }) => void) => Promise<void>): Promise<void> {
    host.clearError();
    const el = $('busy'), text = $('busy-text');
    el.hidden = false;
    text.textContent = `${what}…`;
    try {
      await run((id) => { host.setBusy({ id, what }); host.refresh(); }, (e) => {
        if (e.type === 'busy') text.textContent = `${what}: ${e.done}/${e.total}${Number.isFinite(e.etaMs) ? `, ~${Math.ceil((e.etaMs ?? 0) / 1000)} s left` : ''}`;
      });
      text.textContent = `${what}: done`;
    } catch (e) {
      if ((e as { code?: string }).code === 'aborted') text.textContent = `${what}: cancelled`;
      else { host.showError(e); text.textContent = `${what}: failed`; }
    } finally {
      host.setBusy(null);
      host.refresh();
      setTimeout(() => { if (!host.busy()) el.hidden = true; }, 1500);
    }
  }
  $('busy-cancel').onclick = () => { const b = host.busy(); if (b) worker.cancel(b.id); };

  $('dl-png').onclick = () => busy('PNG', async (onId, onEvent) => {
    const blob = await worker.call({ type: 'png', painting: host.painting(), longerSide: Number($<HTMLInputElement>('pngSize').value) }, onEvent, onId) as Blob;
    save(blob, 'image/png', `${fileBase()}-painting.png`);
  });
  $('dl-json').onclick = () => {
    const p = host.painting();
    const doc = fude.toStrokesFile({ width: p.width, height: p.height, background: p.background }, p.strokes,
      { generator: 'fude page', source: host.sourceName(), psnr: p.psnr, processPsnr: p.processPsnr, seconds: p.seconds, options: p.options });
    save(JSON.stringify(doc, null, 1), 'application/json', 'strokes.json');
  };
  $('dl-svg').onclick = () => {
    const p = host.painting();
    save(fude.toSVG(p.width, p.height, p.background, p.strokes), 'image/svg+xml', `${fileBase()}-painting.svg`);
  };
  $('dl-gif').onclick = () => busy('GIF', async (onId, onEvent) => {
    save(await worker.call({ type: 'gif', painting: host.painting() }, onEvent, onId) as Uint8Array<ArrayBuffer>, 'image/gif', `${fileBase()}-process.gif`);
  });
  $('dl-video').onclick = () => busy('video', async (onId, onEvent) => {
    save(await worker.call({ type: 'video', painting: host.painting(), format: 'mp4' }, onEvent, onId) as Uint8Array<ArrayBuffer>, 'video/mp4', `${fileBase()}-process.mp4`);
  });
}
