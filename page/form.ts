// The settings form: its limits and defaults come from the library's one set of defaults, and every
// field is checked as it changes, with the reason beside it.
import { DEFAULT_LEARNING_RATES, DEFAULT_PAINT_OPTIONS, LR_RANGE, MAX_STROKES, resolveOptions, SIZE_RANGE, type PaintOptions, type StrokeType } from '../src/index.js';
import type { Limits } from './protocol.js';
import { $ } from './dom.js';

const D = DEFAULT_PAINT_OPTIONS;
/** Longest working side the page offers (a worker painting 4096 px is minutes even on a GPU). */
const PAGE_MAX_SIZE = 4096;

/** Number fields: the option each sets, its range and default. */
const NUMBERS: { id: string; key: keyof PaintOptions; min: number; max: (l: Limits) => number; value: number }[] = [
  { id: 'strokes', key: 'strokes', min: 1, max: () => MAX_STROKES, value: D.strokes },
  { id: 'size', key: 'size', min: SIZE_RANGE[0], max: (l) => Math.min(SIZE_RANGE[1], PAGE_MAX_SIZE, l.maxTextureSize), value: D.size as number },
  { id: 'seed', key: 'seed', min: -2147483648, max: () => 2147483647, value: D.seed },
  { id: 'bristles', key: 'bristles', min: 0, max: () => 1, value: D.bristles },
  { id: 'process', key: 'process', min: 0, max: () => 100, value: D.process },
  { id: 'stages', key: 'stages', min: 1, max: () => 100, value: D.stages },
  { id: 'stageSteps', key: 'stageSteps', min: 0, max: () => 100000, value: D.stageSteps },
  { id: 'refineSteps', key: 'refineSteps', min: 0, max: () => 100000, value: D.refineSteps },
];
const LR_KEYS = Object.keys(DEFAULT_LEARNING_RATES) as (keyof typeof DEFAULT_LEARNING_RATES)[];

export function fillForm(limits: Limits): void {
  for (const f of NUMBERS) {
    const input = $<HTMLInputElement>(f.id);
    input.min = String(f.min); input.max = String(f.max(limits)); input.value = String(f.value);
  }
  $<HTMLSelectElement>('type').value = Array.isArray(D.type) ? D.type.join(',') : D.type;
  $<HTMLSelectElement>('loss').value = D.loss;
  $<HTMLSelectElement>('background').value = typeof D.background === 'string' && ['mean', 'white', 'black'].includes(D.background) ? D.background : 'mean';
  $<HTMLInputElement>('opaque').checked = D.opaque;
  $('lr-fields').replaceChildren(...LR_KEYS.map((k) => {
    const label = document.createElement('label');
    label.textContent = `learning rate: ${k} `;
    const input = document.createElement('input');
    Object.assign(input, { id: `lr-${k}`, type: 'number', step: '0.001', min: String(LR_RANGE[0]), max: String(LR_RANGE[1]), value: String(DEFAULT_LEARNING_RATES[k]) });
    input.setAttribute('aria-describedby', `lr-${k}-msg`);
    label.append(input);
    const msg = document.createElement('span');
    Object.assign(msg, { id: `lr-${k}-msg`, className: 'msg' });
    const wrap = document.createElement('div');
    wrap.append(label, msg);
    return wrap;
  }));
  const png = $<HTMLInputElement>('pngSize');
  png.max = String(limits.maxPngSize);
  png.value = String(Math.min(1024, limits.maxPngSize));
  png.title = `at most ${limits.maxPngSize} px here`;
  png.parentElement!.firstChild!.textContent = `PNG size (max ${limits.maxPngSize}) `;
  $('background').onchange = () => { $('bgcolour').hidden = $<HTMLSelectElement>('background').value !== 'custom'; };
}

const num = (id: string) => Number($<HTMLInputElement>(id).value);

export function readForm(): Partial<PaintOptions> {
  const bg = $<HTMLSelectElement>('background').value;
  return {
    type: $<HTMLSelectElement>('type').value.split(',') as StrokeType[],
    strokes: num('strokes'), size: num('size'), seed: num('seed'), process: num('process'), bristles: num('bristles'),
    background: bg === 'custom' ? $<HTMLInputElement>('bgcolour').value : bg,
    opaque: $<HTMLInputElement>('opaque').checked,
    loss: $<HTMLSelectElement>('loss').value as 'l1' | 'l2',
    stages: num('stages'), stageSteps: num('stageSteps'), refineSteps: num('refineSteps'),
    lr: Object.fromEntries(LR_KEYS.map((k) => [k, num(`lr-${k}`)])),
  };
}

/** Checks every field; writes each one's problem beside it; returns the problems in one line ('' when none). */
export function validateForm(limits: Limits | null): string {
  if (!limits) return '';
  const problems: string[] = [];
  const mark = (id: string, msg: string) => {
    $(`${id}-msg`).textContent = msg;
    $<HTMLInputElement>(id).setAttribute('aria-invalid', String(!!msg));
    if (msg) problems.push(msg);
  };
  const options = readForm();
  for (const f of NUMBERS) {
    const v = num(f.id), max = f.max(limits);
    let msg = '';
    if ($<HTMLInputElement>(f.id).value.trim() === '' || !Number.isFinite(v)) msg = `${f.id}: a number, please`;
    else if (v < f.min || v > max) msg = `${f.id}: from ${f.min} to ${max}`;
    else try { resolveOptions({ [f.key]: options[f.key] }); } catch (e) { msg = (e as Error).message; }
    mark(f.id, msg);
  }
  for (const k of LR_KEYS) {
    let msg = '';
    try { resolveOptions({ lr: { [k]: num(`lr-${k}`) } }); } catch (e) { msg = (e as Error).message; }
    if (!msg && num(`lr-${k}`) === 0 && k !== 'opacity') msg = `learning rate ${k} of 0 leaves every ${k} as it starts`;
    mark(`lr-${k}`, msg);
  }
  const png = num('pngSize');
  $('pngSize-msg').textContent = Number.isInteger(png) && png >= 16 && png <= limits.maxPngSize ? '' : `PNG size: a whole number from 16 to ${limits.maxPngSize} px here`;
  return problems.join('; ');
}
