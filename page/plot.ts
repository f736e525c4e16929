// A small line plot on a 2D canvas: PSNR against steps, seconds or strokes painted.

export interface Series { x: number[]; y: number[] }

/** `marks`: x positions to tick under the curve (the process checkpoints). */
export function drawPlot(canvas: HTMLCanvasElement, s: Series, xLabel: string, opts: { marks?: number[] } = {}): void {
  const ctx = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  const pad = { l: 34, r: 8, t: 8, b: 20 };
  ctx.clearRect(0, 0, w, h);
  ctx.font = '10px system-ui';
  ctx.fillStyle = '#8a7f74';
  ctx.strokeStyle = '#ddd3c4';
  ctx.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
  if (s.x.length < 2) return;
  const xMax = Math.max(...s.x), yMin = Math.floor(Math.min(...s.y)), yMax = Math.ceil(Math.max(...s.y));
  const X = (v: number) => pad.l + (v / (xMax || 1)) * (w - pad.l - pad.r);
  const Y = (v: number) => h - pad.b - ((v - yMin) / (yMax - yMin || 1)) * (h - pad.t - pad.b);
  ctx.fillText(`${yMax} dB`, 2, pad.t + 8);
  ctx.fillText(`${yMin} dB`, 2, h - pad.b);
  ctx.fillText(`${xMax.toFixed(xMax < 10 ? 1 : 0)} ${xLabel}`, w - pad.r - 60, h - 5);
  ctx.fillStyle = '#ddd3c4';
  for (const m of opts.marks ?? []) ctx.fillRect(X(m), h - pad.b, 1, 4);
  ctx.strokeStyle = '#b3412f';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  s.x.forEach((x, i) => (i ? ctx.lineTo(X(x), Y(s.y[i])) : ctx.moveTo(X(x), Y(s.y[i]))));
  ctx.stroke();
}
