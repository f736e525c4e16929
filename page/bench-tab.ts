// The benchmark tab: the registry's cases run in the worker, one row at a time, with progress, time left
// and Cancel; not while a painting runs; a new run replaces the rows. Beside each row, the figure of the
// reference machine (bench/results/reference.json, written by `npm run bench`).
import reference from '../bench/results/reference.json';
import type { EngineRecord } from '../src/bench/engine-bench.js';
import type { WorkerClient } from './worker-client.js';
import { $, type Busy } from './dom.js';

interface Host {
  busy(): boolean;
  refresh(): void;
  setBusy(b: Busy): void;
  showError(e: unknown): void;
  samples: string[];
}

function row(table: string, cells: (string | number)[]): void {
  const tr = document.createElement('tr');
  for (const c of cells) { const td = document.createElement('td'); td.textContent = String(c); tr.append(td); }
  $(table).querySelector('tbody')!.append(tr);
}

export function setupBench(worker: WorkerClient, host: Host): void {
  let running: number | null = null;
  const ref = reference as { machine: string; engine: Record<string, number>; quality: Record<string, { psnr: number; seconds: number }> };
  const run = async (what: string, table: string, go: (onId: (id: number) => void, onEvent: (e: any) => void) => Promise<unknown>) => {
    if (host.busy()) return;
    $(table).querySelector('tbody')!.replaceChildren();
    $('bench-status').textContent = `${what}: starting…`;
    $<HTMLButtonElement>('bench-cancel').disabled = false;
    try {
      await go((id) => { running = id; host.setBusy({ id, what }); host.refresh(); }, (e) => {
        if (e.type === 'engine-row') {
          const r: EngineRecord = e.record;
          row(table, [r.name, r.forwardMs, r.lossMs, r.backwardMs, r.adamMs, r.totalMs, r.trivialPassMs, r.ratio, ref.engine[r.name] ?? '–']);
        }
        if (e.type === 'quality-row') {
          const q = e.row, key = `${q.image} ${q.strokes}`;
          row(table, [q.image, q.strokes, q.psnr.toFixed(2), q.ssim.toFixed(3), q.seconds.toFixed(1), ref.quality[key]?.psnr.toFixed(2) ?? '–', ref.quality[key]?.seconds.toFixed(1) ?? '–']);
        }
        if (e.type === 'busy') $('bench-status').textContent = `${what}: ${e.done} of ${e.total} cases, ~${Math.ceil(e.etaMs / 1000)} s left`;
      });
      $('bench-status').textContent = `${what}: done (reference: ${ref.machine})`;
    } catch (e) {
      $('bench-status').textContent = (e as { code?: string }).code === 'aborted' ? `${what}: cancelled` : `${what}: failed`;
      if ((e as { code?: string }).code !== 'aborted') host.showError(e);
    } finally {
      running = null;
      host.setBusy(null);
      $<HTMLButtonElement>('bench-cancel').disabled = true;
      host.refresh();
    }
  };
  $('bench-engine').onclick = () => run('engine benchmark', 'bench-engine-table', (onId, onEvent) => worker.call({ type: 'bench-engine' }, onEvent, onId));
  $('bench-quality').onclick = () => run('quality benchmark', 'bench-quality-table', async (onId, onEvent) => {
    const images = await Promise.all(host.samples.map(async (name) => ({ name, blob: await (await fetch(`samples/${name}`)).blob() })));
    return worker.call({ type: 'bench-quality', images }, onEvent, onId);
  });
  $('bench-cancel').onclick = () => { if (running !== null) worker.cancel(running); };
}
