// SVG of a painting. rect and ellipse are exact; brush is exact too (its tapered band along the curve:
// two quadratic Béziers and two round caps) with the colour ramp along its chord, as the shader has
// them; oil is its box with the colour ramp along its length, without the bristle streaks (SVG has no
// cheap equivalent).
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

/**
 * Outline of the brush (brush.glsl.ts): in the chord frame from P0 (e along the chord, n across), the
 * band |v - y(t)| <= r(t) at u = tL with y(t) = 2t(1-t)b, and round caps of radius r0 at P0 and r2 at P2.
 * Each edge v = y(t) ± r(t) is quadratic in t while u is linear, so it is exactly one quadratic Bézier:
 * ends (0, ±r0) and (L, ±r2), control point (L/2, b ± (r0 + r2)/2) (a 48-segment polyline made the SVG
 * of 500 strokes 0.9 MB).
 */
function brushOutline(s: BrushStroke, width: number, height: number, S: number): string {
  const A = [s.x0 * width, s.y0 * height], B = [s.x1 * width, s.y1 * height], C = [s.x2 * width, s.y2 * height];
  const len = Math.hypot(C[0] - A[0], C[1] - A[1]);
  const e = len > 1e-6 ? [(C[0] - A[0]) / len, (C[1] - A[1]) / len] : [1, 0], n = [-e[1], e[0]];
  const L = Math.max(len, 1e-3);
  const b = Math.min(0.5 * L, Math.max(-0.5 * L, (B[0] - A[0]) * n[0] + (B[1] - A[1]) * n[1]));
  const pt = (u: number, v: number) => `${f(A[0] + e[0] * u + n[0] * v)} ${f(A[1] + e[1] * u + n[1] * v)}`;
  const r0 = s.r0 * S, r2 = s.r2 * S, mid = (r0 + r2) / 2;
  return `M${pt(0, r0)}Q${pt(L / 2, b + mid)} ${pt(L, r2)}A${f(r2)} ${f(r2)} 0 0 0 ${pt(L, -r2)}Q${pt(L / 2, b - mid)} ${pt(0, -r0)}A${f(r0)} ${f(r0)} 0 0 0 ${pt(0, r0)}Z`;
}
