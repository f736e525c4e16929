// The interactive page: pick an image, watch fude paint it live, replay and download the result,
// and run the benchmark registry on this browser's GPU.
import * as fude from '../src/index.js';
import { engineCases, qualityCases } from '../src/bench/registry.js';
import { runEngineCase } from '../src/bench/engine-bench.js';
import type { ByteImage, Painting, PaintProgress, StrokeType } from '../src/index.js';
import { drawPlot, type Series } from './plot.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const SAMPLES = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];

const state = {
  source: null as Blob | null,
  sourceName: '',
  target: null as ByteImage | null,
  painting: null as Painting | null,
  running: false,
  paused: false,
  resume: null as (() => void) | null,
  abort: null as AbortController | null,
  steps: { x: [], y: [] } as Series,
  time: { x: [], y: [] } as Series,
  progress: null as PaintProgress | null,
};
// for the end-to-end test and the curious
(window as unknown as { fudePage: unknown }).fudePage = { state, fude };

function showError(e: unknown): void {
  const box = $('error');
  box.textContent = fude.isFudeError(e) ? e.message : `Something went wrong: ${(e as Error)?.message ?? e}`;
  box.hidden = false;
  console.error(e);
}
const clearError = () => { $('error').hidden = true; };

// WebGL2: one context for painting, replay, downloads and benchmarks.
const glCanvas = document.createElement('canvas');
let gl: WebGL2RenderingContext | null = null;
try {
  gl = fude.getGL(glCanvas);
  $('renderer').textContent = fude.rendererName(gl);
} catch (e) {
  $('renderer').textContent = 'no WebGL2';
  showError(e);
}

// ---- choosing an image ----
for (const name of SAMPLES) {
  const img = document.createElement('img');
  img.src = `samples/${name}`;
  img.alt = name;
  img.title = name;
  img.dataset.sample = name;
  img.onclick = async () => {
    document.querySelectorAll('.samples img').forEach((el) => el.classList.toggle('chosen', el === img));
    await setSource(await (await fetch(img.src)).blob(), name);
  };
  $('samples').append(img);
}
$<HTMLInputElement>('file').onchange = (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) void setSource(file, file.name);
};
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files?.[0];
  if (file) void setSource(file, file.name);
});
document.addEventListener('paste', (e) => {
  const item = [...(e.clipboardData?.items ?? [])].find((i) => i.type.startsWith('image/'));
  const file = item?.getAsFile();
  if (file) void setSource(file, 'pasted image');
});

async function setSource(blob: Blob, name: string): Promise<void> {
  clearError();
  try {
    const preview = await fude.decodeImage(blob, 256, name);
    state.source = blob;
    state.sourceName = name;
    drawImage($<HTMLCanvasElement>('target'), preview);
    $<HTMLButtonElement>('start').disabled = !gl || state.running;
    setStatus(`ready: ${name}`);
  } catch (e) {
    showError(e);
  }
}

function drawImage(canvas: HTMLCanvasElement, img: ByteImage): void {
  canvas.width = img.width;
  canvas.height = img.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
}

// ---- settings ----
const num = (id: string) => Number($<HTMLInputElement>(id).value);
function readOptions(): Partial<fude.PaintOptions> {
  const bg = $<HTMLSelectElement>('background').value;
  return {
    type: $<HTMLSelectElement>('type').value.split(',') as StrokeType[],
    strokes: num('strokes'), size: num('size'), seed: num('seed'),
    background: bg === 'custom' ? $<HTMLInputElement>('bgcolour').value : bg,
    opaque: $<HTMLInputElement>('opaque').checked,
    loss: $<HTMLSelectElement>('loss').value as 'l1' | 'l2',
    stages: num('stages'), stageSteps: num('stageSteps'), refineSteps: num('refineSteps'),
    lr: { position: num('lr-position'), size: num('lr-size'), angle: num('lr-angle'), color: num('lr-colour'), opacity: num('lr-opacity') },
  };
}
$<HTMLSelectElement>('background').onchange = () => { $('bgcolour').hidden = $<HTMLSelectElement>('background').value !== 'custom'; };

// ---- painting ----
const setStatus = (s: string) => { $('f-status').textContent = s; };
function setRunning(running: boolean): void {
  state.running = running;
  $<HTMLButtonElement>('start').disabled = running || !state.source;
  $<HTMLButtonElement>('pause').disabled = !running;
  $<HTMLButtonElement>('stop').disabled = !running;
  $<HTMLButtonElement>('pause').textContent = 'Pause';
  for (const id of ['dl-png', 'dl-json', 'dl-svg', 'dl-gif', 'scrub']) $<HTMLButtonElement>(id).disabled = running || !state.painting;
}

function showFrame(engine: fude.Engine): void {
  if (glCanvas.width !== engine.width || glCanvas.height !== engine.height) { glCanvas.width = engine.width; glCanvas.height = engine.height; }
  engine.display();
  const view = $<HTMLCanvasElement>('view');
  view.getContext('2d')!.drawImage(glCanvas, 0, 0, view.width, view.height);
  if ($<HTMLInputElement>('errormap').checked) drawErrorMap();
}

function drawErrorMap(): void {
  const t = state.target;
  const view = $<HTMLCanvasElement>('view');
  if (!t || view.width !== t.width) return;
  const painted = view.getContext('2d')!.getImageData(0, 0, t.width, t.height).data;
  const out = new Uint8ClampedArray(painted.length);
  for (let i = 0; i < out.length; i += 4) {
    const e = (Math.abs(painted[i] - t.data[i]) + Math.abs(painted[i + 1] - t.data[i + 1]) + Math.abs(painted[i + 2] - t.data[i + 2])) / 3;
    out.set([Math.min(255, e * 4), Math.min(255, e * 1.5), 40, 255], i);
  }
  $<HTMLCanvasElement>('target').getContext('2d')!.putImageData(new ImageData(out, t.width, t.height), 0, 0);
}
$<HTMLInputElement>('errormap').onchange = () => {
  if ($<HTMLInputElement>('errormap').checked) drawErrorMap();
  else if (state.target) drawImage($<HTMLCanvasElement>('target'), state.target);
};

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
  if (Number.isFinite(p.psnr) && p.phase !== 'done') {
    state.steps.x.push(p.step); state.steps.y.push(p.psnr);
    state.time.x.push(secs); state.time.y.push(p.psnr);
    drawPlot($<HTMLCanvasElement>('plot-steps'), state.steps, 'steps');
    drawPlot($<HTMLCanvasElement>('plot-time'), state.time, 's');
  }
  if (p.phase !== 'done') setStatus(`${state.paused ? 'paused' : 'painting'}: ${p.phase === 'stage' ? 'placing strokes' : 'refining all strokes'}`);
}

$('start').onclick = async () => {
  if (!gl || !state.source) return;
  clearError();
  try {
    const options = readOptions();
    fude.resolveOptions(options); // say what is wrong before anything starts
    const target = await fude.decodeImage(state.source, options.size === 'full' ? 4096 : options.size!, state.sourceName, options.size === 'full');
    state.target = target;
    state.painting = null;
    state.steps = { x: [], y: [] };
    state.time = { x: [], y: [] };
    drawImage($<HTMLCanvasElement>('target'), target);
    const view = $<HTMLCanvasElement>('view');
    view.width = target.width;
    view.height = target.height;
    state.abort = new AbortController();
    state.paused = false;
    setRunning(true);
    setStatus('painting');
    const painting = await fude.paint(gl, target, options, {
      signal: state.abort.signal,
      onProgress,
      onFrame: showFrame,
      gate: () => (state.paused ? new Promise<void>((r) => { state.resume = r; }) : undefined),
    });
    state.painting = painting;
    const scrub = $<HTMLInputElement>('scrub');
    scrub.max = String(painting.strokes.length);
    scrub.value = scrub.max;
    $('scrubLabel').textContent = `${painting.strokes.length} / ${painting.strokes.length} strokes`;
    setStatus(`${painting.aborted ? 'stopped' : 'done'}: ${painting.strokes.length} strokes, PSNR ${painting.psnr.toFixed(2)} dB in ${painting.seconds.toFixed(1)} s`);
  } catch (e) {
    showError(e);
    setStatus('failed');
  } finally {
    setRunning(false);
  }
};
$('pause').onclick = () => {
  state.paused = !state.paused;
  $('pause').textContent = state.paused ? 'Resume' : 'Pause';
  setStatus(state.paused ? 'paused' : 'painting');
  if (!state.paused) { state.resume?.(); state.resume = null; }
};
$('stop').onclick = () => {
  state.abort?.abort();
  if (state.paused) { state.paused = false; state.resume?.(); }
};

// ---- replay and downloads ----
function spec(strokes = state.painting!.strokes, scale = 1): fude.RenderSpec {
  const p = state.painting!;
  return { strokes, width: Math.max(1, Math.round(p.width * scale)), height: Math.max(1, Math.round(p.height * scale)), background: p.background };
}
$<HTMLInputElement>('scrub').oninput = () => {
  if (!gl || !state.painting) return;
  const k = Number($<HTMLInputElement>('scrub').value);
  drawImage($<HTMLCanvasElement>('view'), fude.renderStrokes(gl, spec(state.painting.strokes.slice(0, k))));
  $('scrubLabel').textContent = `${k} / ${state.painting.strokes.length} strokes`;
};

function save(data: BlobPart, type: string, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
async function guarded(f: () => Promise<void> | void): Promise<void> {
  try { clearError(); await f(); } catch (e) { showError(e); }
}
$('dl-png').onclick = () => guarded(async () => {
  const p = state.painting!;
  const img = fude.renderStrokes(gl!, spec(p.strokes, num('pngSize') / Math.max(p.width, p.height)));
  const c = document.createElement('canvas');
  drawImage(c, img);
  const blob = await new Promise<Blob>((r, j) => c.toBlob((b) => (b ? r(b) : j(new Error('PNG encoding failed'))), 'image/png'));
  save(blob, 'image/png', 'painting.png');
});
$('dl-json').onclick = () => guarded(() => {
  const p = state.painting!;
  const doc = fude.toStrokesFile({ width: p.width, height: p.height, background: p.background }, p.strokes, { generator: 'fude page', source: state.sourceName, psnr: p.psnr, seconds: p.seconds });
  save(JSON.stringify(doc, null, 1), 'application/json', 'strokes.json');
});
$('dl-svg').onclick = () => guarded(() => {
  const p = state.painting!;
  save(fude.toSVG(p.width, p.height, p.background, p.strokes), 'image/svg+xml', 'painting.svg');
});
$('dl-gif').onclick = () => guarded(() => {
  const p = state.painting!;
  const frames = fude.renderProcess(gl!, spec(), Math.max(1, Math.ceil(p.strokes.length / 60)));
  save(fude.encodeGIF(frames) as BlobPart, 'image/gif', 'process.gif');
});

// ---- tabs and benchmarks ----
document.querySelectorAll<HTMLButtonElement>('nav .tab').forEach((tab) => {
  tab.onclick = () => {
    document.querySelectorAll('nav .tab').forEach((t) => t.classList.toggle('active', t === tab));
    $('tab-paint').hidden = tab.dataset.tab !== 'paint';
    $('tab-bench').hidden = tab.dataset.tab !== 'bench';
  };
});
const tick = () => new Promise((r) => setTimeout(r, 0));
function row(table: string, cells: (string | number)[]): void {
  const tr = document.createElement('tr');
  for (const c of cells) { const td = document.createElement('td'); td.textContent = String(c); tr.append(td); }
  $(table).querySelector('tbody')!.append(tr);
}
$('bench-engine').onclick = () => guarded(async () => {
  for (const c of engineCases()) {
    await tick();
    const r = runEngineCase(gl!, c);
    row('bench-engine-table', [r.name, r.forwardMs, r.lossMs, r.backwardMs, r.adamMs, r.totalMs, r.trivialPassMs, r.ratio]);
  }
});
$('bench-quality').onclick = () => guarded(async () => {
  for (const c of qualityCases()) {
    await tick();
    const target = await fude.decodeImage(await (await fetch(`samples/${c.image}`)).blob(), c.size, c.image);
    const t0 = performance.now();
    const p = await fude.paint(gl!, target, { strokes: c.strokes, size: c.size });
    const seconds = (performance.now() - t0) / 1000;
    const img = fude.renderStrokes(gl!, { strokes: p.strokes, width: p.width, height: p.height, background: p.background });
    const a = Float32Array.from(img.data, (v) => v / 255), b = Float32Array.from(target.data, (v) => v / 255);
    row('bench-quality-table', [c.image, c.strokes, fude.psnr(a, b).toFixed(2), fude.ssim(a, b, p.width, p.height).toFixed(3), seconds.toFixed(1)]);
  }
});

setRunning(false);
