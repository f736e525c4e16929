// The interactive page: pick an image, watch fude paint it live, replay and download the result, and
// run the benchmark registry on this browser's GPU. All GPU work runs in a worker (worker.ts), so the page
// never blocks; this file is the page's state and its controls (the downloads are in downloads.ts, the
// benchmark tab in bench-tab.ts). One state per image: choosing another clears the painting, figures,
// replay and downloads of the one before.
import * as fude from '../src/index.js';
import type { ByteImage, Painting, PaintProgress, StrokeType } from '../src/index.js';
import { rendererLabel } from '../src/render/renderer-kind.js';
import { drawPlot, type Series } from './plot.js';
import { createWorkerClient } from './worker-client.js';
import { fillForm, readForm, validateForm } from './form.js';
import { setupBench } from './bench-tab.js';
import { setupDownloads } from './downloads.js';
import type { Curve, Limits } from './protocol.js';
import { $, type Busy } from './dom.js';

const SAMPLES = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];

const state = {
  limits: null as Limits | null,
  source: null as { blob: Blob; name: string } | null,
  target: null as ByteImage | null,
  painting: null as Painting | null,
  curve: null as Curve | null,
  running: false,
  paused: false,
  busy: null as Busy,
  paintId: -1,
  steps: { x: [], y: [] } as Series,
  time: { x: [], y: [] } as Series,
  progress: null as PaintProgress | null,
  /** Bumped by every new image: answers about an older one are dropped. */
  generation: 0,
};
// for the end-to-end tests and the curious
(window as unknown as { fudePage: unknown }).fudePage = { state, fude };

const worker = createWorkerClient(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));

function showError(e: unknown): void {
  const box = $('error');
  box.textContent = fude.isFudeError(e) || (e as { code?: string })?.code ? (e as Error).message : `Something went wrong: ${(e as Error)?.message ?? e}`;
  box.hidden = false;
}
const clearError = () => { $('error').hidden = true; };
const setStatus = (s: string) => { $('f-status').textContent = s; };

// ---- start-up: the renderer, the form from the library's defaults, a sample chosen ----
async function init(): Promise<void> {
  try {
    state.limits = await worker.call({ type: 'init' }) as Limits;
    $('renderer').textContent = rendererLabel(state.limits.renderer);
    $('bench-renderer').textContent = rendererLabel(state.limits.renderer);
    fillForm(state.limits);
  } catch (e) {
    $('renderer').textContent = 'no WebGL2';
    showError(e);
    setStatus('this browser cannot paint: no WebGL2');
    return;
  }
  for (const name of SAMPLES) {
    const button = document.createElement('button');
    button.className = 'sample';
    button.type = 'button';
    button.dataset.sample = name;
    button.setAttribute('aria-pressed', 'false');
    button.setAttribute('aria-label', `sample: ${name.replace(/\.\w+$/, '')}`);
    const img = document.createElement('img');
    img.src = `samples/${name}`;
    img.alt = '';
    button.append(img);
    button.onclick = async () => setSource(await (await fetch(img.src)).blob(), name, button);
    $('samples').append(button);
  }
  const first = document.querySelector<HTMLButtonElement>('.sample');
  if (first) await setSource(await (await fetch(`samples/${SAMPLES[0]}`)).blob(), SAMPLES[0], first);
}

// ---- choosing an image: one state per image ----
$<HTMLInputElement>('file').onchange = (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) void setSource(file, file.name, null);
};
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files?.[0];
  if (file) void setSource(file, file.name, null);
});
document.addEventListener('paste', (e) => {
  const file = [...(e.clipboardData?.items ?? [])].find((i) => i.type.startsWith('image/'))?.getAsFile();
  if (file) void setSource(file, 'pasted image', null);
});

async function setSource(blob: Blob, name: string, sample: HTMLButtonElement | null): Promise<void> {
  if (state.running) return;
  clearError();
  const generation = ++state.generation;
  try {
    const preview = await worker.call({ type: 'decode', blob, name, size: 256 }) as ByteImage;
    if (generation !== state.generation) return;
    document.querySelectorAll<HTMLButtonElement>('.sample').forEach((b) => { b.classList.toggle('chosen', b === sample); b.setAttribute('aria-pressed', String(b === sample)); });
    state.source = { blob, name };
    state.target = preview;
    forgetPainting();
    drawImage($<HTMLCanvasElement>('target'), preview);
    setStatus(`ready: ${name}`);
  } catch (e) {
    if (generation === state.generation) showError(e);
  }
  refreshControls();
}

/** Drops everything that belonged to the last painting. */
function forgetPainting(): void {
  state.painting = null;
  state.curve = null;
  state.progress = null;
  state.steps = { x: [], y: [] };
  state.time = { x: [], y: [] };
  $<HTMLInputElement>('errormap').checked = false;
  const view = $<HTMLCanvasElement>('view');
  view.getContext('2d')!.clearRect(0, 0, view.width, view.height);
  for (const id of ['f-strokes', 'f-loss', 'f-psnr', 'f-sps', 'f-strps', 'f-elapsed', 'f-left', 'f-brief']) $(id).textContent = '–';
  $<HTMLProgressElement>('progress').value = 0;
  const scrub = $<HTMLInputElement>('scrub');
  scrub.max = '0'; scrub.value = '0';
  $('scrubLabel').textContent = '–';
  for (const id of ['plot-steps', 'plot-time']) drawPlot($<HTMLCanvasElement>(id), { x: [], y: [] }, '');
  drawPlot($<HTMLCanvasElement>('plot-process'), { x: [], y: [] }, 'strokes');
}

function drawImage(canvas: HTMLCanvasElement, img: ByteImage): void {
  canvas.width = img.width;
  canvas.height = img.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
}

// ---- controls: what may be pressed now, and why Start may not ----
function refreshControls(): void {
  const problems = validateForm(state.limits);
  const why = !state.limits ? 'no WebGL2 here' : !state.source ? 'choose an image first' : problems ? `fix the settings: ${problems}` : '';
  const idle = !state.running && !state.busy;
  $<HTMLButtonElement>('start').disabled = !idle || !!why;
  $('start-why').textContent = why && idle ? why : '';
  $('start-why').hidden = !(why && idle);
  $<HTMLButtonElement>('pause').disabled = !state.running;
  $<HTMLButtonElement>('stop').disabled = !state.running;
  $('pause').textContent = state.paused ? 'Resume' : 'Pause';
  const ready = idle && !!state.painting;
  for (const id of ['dl-png', 'dl-json', 'dl-svg', 'dl-gif', 'dl-video']) $<HTMLButtonElement>(id).disabled = !ready;
  $<HTMLButtonElement>('dl-png').disabled ||= !!$('pngSize-msg').textContent;
  $<HTMLInputElement>('scrub').disabled = !ready;
  $<HTMLButtonElement>('bench-engine').disabled = !idle;
  $<HTMLButtonElement>('bench-quality').disabled = !idle;
}
$('settings').addEventListener('input', refreshControls);
$('settings').addEventListener('change', refreshControls);
$<HTMLInputElement>('pngSize').addEventListener('input', () => { validateForm(state.limits); refreshControls(); });

// ---- painting ----
function onProgress(p: PaintProgress): void {
  state.progress = p;
  const secs = p.elapsedMs / 1000;
  $('f-strokes').textContent = `${p.strokes} / ${p.total}`;
  $('f-loss').textContent = Number.isFinite(p.loss) ? p.loss.toExponential(3) : '–';
  $('f-psnr').textContent = Number.isFinite(p.psnr) ? `${p.psnr.toFixed(2)} dB` : '–';
  $('f-sps').textContent = secs > 0 ? (p.step / secs).toFixed(1) : '–';
  $('f-strps').textContent = secs > 0 ? (p.strokes / secs).toFixed(1) : '–';
  $('f-elapsed').textContent = `${secs.toFixed(1)} s`;
  $('f-left').textContent = p.phase === 'done' ? '0 s' : `${(p.etaMs / 1000).toFixed(0)} s`;
  $<HTMLProgressElement>('progress').value = p.totalSteps ? p.step / p.totalSteps : 0;
  $('f-brief').textContent = `${p.strokes}/${p.total} strokes · ${Number.isFinite(p.psnr) ? `${p.psnr.toFixed(2)} dB` : '–'} · ~${(p.etaMs / 1000).toFixed(0)} s left`;
  if (Number.isFinite(p.psnr) && p.phase !== 'done') {
    state.steps.x.push(p.step); state.steps.y.push(p.psnr);
    state.time.x.push(secs); state.time.y.push(p.psnr);
    drawPlot($<HTMLCanvasElement>('plot-steps'), state.steps, 'steps');
    drawPlot($<HTMLCanvasElement>('plot-time'), state.time, 's');
  }
  if (p.phase !== 'done' && !state.paused) setStatus(`painting: ${p.phase === 'stage' ? 'placing strokes' : 'refining all strokes'}`);
}

function showFrame(bitmap: ImageBitmap): void {
  const view = $<HTMLCanvasElement>('view');
  view.getContext('2d')!.drawImage(bitmap, 0, 0, view.width, view.height);
  bitmap.close();
  if ($<HTMLInputElement>('errormap').checked) drawErrorMap();
}

$('start').onclick = async () => {
  if (!state.source || state.running) return;
  clearError();
  const options = readForm();
  try { fude.resolveOptions(options); } catch (e) { showError(e); return; }
  const generation = state.generation;
  forgetPainting();
  state.running = true;
  state.paused = false;
  refreshControls();
  $('pause').focus(); // Start disables itself: keyboard users stay on the controls
  setStatus('painting');
  const view = $<HTMLCanvasElement>('view');
  try {
    const { painting, target } = await worker.call({ type: 'paint', blob: state.source.blob, name: state.source.name, options }, (e) => {
      if (e.type === 'progress') onProgress(e.progress);
      if (e.type === 'frame') showFrame(e.bitmap);
    }, (id) => { state.paintId = id; }) as { painting: Painting; target: ByteImage };
    if (generation !== state.generation) return;
    state.target = target;
    drawImage($<HTMLCanvasElement>('target'), target);
    view.width = painting.width; view.height = painting.height;
    state.painting = painting;
    const scrub = $<HTMLInputElement>('scrub');
    scrub.max = String(painting.strokes.length);
    scrub.value = scrub.max;
    $('scrubLabel').textContent = `${painting.strokes.length} / ${painting.strokes.length} strokes`;
    await replay(painting.strokes.length);
    setStatus(`${painting.aborted ? 'stopped' : 'done'}: ${painting.strokes.length} strokes, PSNR ${painting.psnr.toFixed(2)} dB in ${painting.seconds.toFixed(1)} s`);
    void drawProcessCurve(painting, target);
  } catch (e) {
    showError(e);
    setStatus('failed');
  } finally {
    state.running = false;
    state.paused = false;
    refreshControls();
    if (!$<HTMLButtonElement>('start').disabled) $('start').focus();
  }
};
$('pause').onclick = () => {
  state.paused = !state.paused;
  worker.post({ type: state.paused ? 'pause' : 'resume' });
  setStatus(state.paused ? 'paused' : 'painting');
  refreshControls();
};
$('stop').onclick = () => {
  worker.stop();
  state.paused = false;
  setStatus('stopping…');
};

/** PSNR against strokes painted, from the same frames the replay shows. */
async function drawProcessCurve(painting: Painting, target: ByteImage): Promise<void> {
  const generation = state.generation;
  const curve = await worker.call({ type: 'curve', painting, target: new Uint8ClampedArray(target.data), points: 20 }) as Curve;
  if (generation !== state.generation || state.painting !== painting) return;
  state.curve = curve;
  drawPlot($<HTMLCanvasElement>('plot-process'), { x: curve.strokes, y: curve.psnr }, 'strokes', { marks: fude.PROCESS_FRACTIONS.map((f) => f * painting.strokes.length) });
}

// ---- replay, error map ----
async function replay(k: number): Promise<void> {
  const p = state.painting;
  if (!p) return;
  const bitmap = await worker.call({ type: 'replay', painting: p, strokes: k, width: p.width, height: p.height }) as ImageBitmap;
  if (state.painting !== p) { bitmap.close(); return; }
  showFrame(bitmap);
}
let scrubbing: Promise<void> | null = null, scrubAgain = false;
$<HTMLInputElement>('scrub').oninput = () => {
  if (!state.painting) return;
  $('scrubLabel').textContent = `${$<HTMLInputElement>('scrub').value} / ${state.painting.strokes.length} strokes`;
  // one replay at a time; the last position wins
  if (scrubbing) { scrubAgain = true; return; }
  const run = async () => {
    do { scrubAgain = false; await replay(Number($<HTMLInputElement>('scrub').value)); } while (scrubAgain);
    scrubbing = null;
  };
  scrubbing = run();
};

function drawErrorMap(): void {
  const t = state.target, view = $<HTMLCanvasElement>('view');
  if (!t || view.width !== t.width || view.height !== t.height) return;
  const painted = view.getContext('2d')!.getImageData(0, 0, t.width, t.height).data;
  const out = new Uint8ClampedArray(painted.length);
  for (let i = 0; i < out.length; i += 4) {
    const e = (Math.abs(painted[i] - t.data[i]) + Math.abs(painted[i + 1] - t.data[i + 1]) + Math.abs(painted[i + 2] - t.data[i + 2])) / 3;
    out.set([Math.min(255, e * 4), Math.min(255, e * 1.5), 40, 255], i);
  }
  const c = $<HTMLCanvasElement>('target');
  c.width = t.width; c.height = t.height;
  c.getContext('2d')!.putImageData(new ImageData(out, t.width, t.height), 0, 0);
}
$<HTMLInputElement>('errormap').onchange = () => {
  if ($<HTMLInputElement>('errormap').checked) drawErrorMap();
  else if (state.target) drawImage($<HTMLCanvasElement>('target'), state.target);
};

// ---- tabs ----
document.querySelectorAll<HTMLButtonElement>('nav .tab').forEach((tab) => {
  tab.onclick = () => {
    document.querySelectorAll<HTMLButtonElement>('nav .tab').forEach((t) => { t.classList.toggle('active', t === tab); t.setAttribute('aria-selected', String(t === tab)); });
    $('tab-paint').hidden = tab.dataset.tab !== 'paint';
    $('tab-bench').hidden = tab.dataset.tab !== 'bench';
  };
});

setupDownloads(worker, {
  painting: () => state.painting!, sourceName: () => state.source?.name, busy: () => state.busy,
  setBusy: (b) => { state.busy = b; }, refresh: refreshControls, clearError, showError,
});
setupBench(worker, { busy: () => state.running || !!state.busy, refresh: refreshControls, setBusy: (b) => { state.busy = b; }, showError, samples: SAMPLES });
void init();
export type { StrokeType };
