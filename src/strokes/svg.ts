// SVG of a painting. rect and ellipse are exact; brush is its outline (the tapered tube around the curve,
// sampled densely: exact for one colour) with a linear colour gradient from P0 to P2 (the shader's ramp
// follows the curve parameter, so a two-colour brush is approximate); oil is its box with the colour ramp along
// its length, without the bristle streaks (SVG has no cheap equivalent).
import type { BrushStroke, RGB, Stroke } from './stroke.js';

const f = (v: number) => Number(v.toFixed(3)).toString();
const rgb = (c: RGB) => `rgb(${c.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)).join(',')})`;
const deg = (rad: number) => f((rad * 180) / Math.PI);

/** `baseHref`: an image (URL or data URL) under the strokes instead of the flat background. */
export function toSVG(width: number, height: number, background: RGB, strokes: Stroke[], baseHref?: string): string {
  const S = Math.max(width, height);
  const defs: string[] = [];
  const body: string[] = [];
  strokes.forEach((s, i) => {
    const op = s.alpha < 1 ? ` fill-opacity="${f(s.alpha)}"` : '';
    switch (s.type) {
      case 'rect':
      case 'ellipse': {
        const w = s.w * S, h = s.h * S;
        const shape = s.type === 'rect'
          ? `<rect x="${f(-w / 2)}" y="${f(-h / 2)}" width="${f(w)}" height="${f(h)}"`
          : `<ellipse rx="${f(w / 2)}" ry="${f(h / 2)}"`;
        body.push(`${shape} transform="translate(${f(s.cx * width)} ${f(s.cy * height)}) rotate(${deg(s.angle)})" fill="${rgb(s.c)}"${op}/>`);
        break;
      }
      case 'oil': {
        const l = s.len * S, w = s.wid * S;
        defs.push(`<linearGradient id="g${i}" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${rgb(s.c0)}"/><stop offset="1" stop-color="${rgb(s.c2)}"/></linearGradient>`);
        body.push(`<rect x="${f(-l / 2)}" y="${f(-w / 2)}" width="${f(l)}" height="${f(w)}" transform="translate(${f(s.cx * width)} ${f(s.cy * height)}) rotate(${deg(s.angle)})" fill="url(#g${i})"${op}/>`);
        break;
      }
      case 'brush': {
        const A = [s.x0 * width, s.y0 * height], C = [s.x2 * width, s.y2 * height];
        defs.push(`<linearGradient id="g${i}" gradientUnits="userSpaceOnUse" x1="${f(A[0])}" y1="${f(A[1])}" x2="${f(C[0])}" y2="${f(C[1])}"><stop offset="0" stop-color="${rgb(s.c0)}"/><stop offset="1" stop-color="${rgb(s.c2)}"/></linearGradient>`);
        body.push(`<path d="${brushOutline(s, width, height, S)}" fill="url(#g${i})"${op}/>`);
        break;
      }
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    baseHref
      ? `<image href="${baseHref}" width="${width}" height="${height}" preserveAspectRatio="none"/>`
      : `<rect width="${width}" height="${height}" fill="${rgb(background)}"/>`,
    defs.length ? `<defs>${defs.join('')}</defs>` : '',
    ...body,
    '</svg>',
  ].filter(Boolean).join('\n');
}

/** Outline of the tube of radius r(t) around the quadratic Bezier, with round caps at both ends. */
function brushOutline(s: BrushStroke, width: number, height: number, S: number): string {
  const P = [[s.x0 * width, s.y0 * height], [s.x1 * width, s.y1 * height], [s.x2 * width, s.y2 * height]];
  const N = 48;
  const left: number[][] = [], right: number[][] = [];
  let n0 = [0, 0], n1 = [0, 0];
  for (let k = 0; k <= N; k++) {
    const t = k / N, u = 1 - t;
    const x = u * u * P[0][0] + 2 * u * t * P[1][0] + t * t * P[2][0];
    const y = u * u * P[0][1] + 2 * u * t * P[1][1] + t * t * P[2][1];
    let tx = 2 * u * (P[1][0] - P[0][0]) + 2 * t * (P[2][0] - P[1][0]);
    let ty = 2 * u * (P[1][1] - P[0][1]) + 2 * t * (P[2][1] - P[1][1]);
    const len = Math.hypot(tx, ty) || 1;
    tx /= len; ty /= len;
    const r = (s.r0 + (s.r2 - s.r0) * t) * S;
    left.push([x - ty * r, y + tx * r]);
    right.push([x + ty * r, y - tx * r]);
    if (k === 0) n0 = [r, 0];
    if (k === N) n1 = [r, 0];
  }
  const pt = (p: number[]) => `${f(p[0])} ${f(p[1])}`;
  return [
    `M${pt(left[0])}`,
    ...left.slice(1).map((p) => `L${pt(p)}`),
    `A${f(n1[0])} ${f(n1[0])} 0 0 0 ${pt(right[N])}`,
    ...right.slice(0, N).reverse().map((p) => `L${pt(p)}`),
    `A${f(n0[0])} ${f(n0[0])} 0 0 0 ${pt(left[0])}Z`,
  ].join('');
}
