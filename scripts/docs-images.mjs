// The README's pictures, made with the default settings (run after `npm run build`):
//   node scripts/docs-images.mjs            docs/astronaut-500.png (target | painting) and
//                                           docs/process-strip.png (10, 25, 50, 75, 100% of the strokes)
//   node scripts/docs-images.mjs --large IMAGE [--strokes N]
//                                           docs/large.png (the painting, longer side 768) and
//                                           docs/large-crop.png (a 1:1 crop), painted at --size full
//   node scripts/docs-images.mjs --page     docs/page.png (1280x800) and docs/page-phone.png (390x844):
//                                           the page after a painting with its default settings (the
//                                           title's 筆 needs a CJK font: Debian's fonts-wqy-zenhei)
//   node scripts/docs-images.mjs --bristles IMAGE
//                                           docs/bristles.png: a crop of 1000 flat brush strokes beside the
//                                           same with --bristles 0.6, painted at the image's own size
import { writeFileSync } from 'node:fs';
import { openSession, paint, render, renderFrames, encodePNG } from '../dist/node/index.js';

const args = process.argv.slice(2);
const value = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };

/** Images side by side with a white gap. */
function row(images, gap = 8) {
  const h = Math.max(...images.map((i) => i.height));
  const w = images.reduce((s, i) => s + i.width, 0) + gap * (images.length - 1);
  const out = new Uint8Array(w * h * 4).fill(255);
  let x0 = 0;
  for (const img of images) {
    for (let y = 0; y < img.height; y++) out.set(img.data.subarray(y * img.width * 4, (y + 1) * img.width * 4), (y * w + x0) * 4);
    x0 += img.width + gap;
  }
  return { width: w, height: h, data: out };
}

function crop(img, x, y, w, h) {
  const out = new Uint8Array(w * h * 4);
  for (let r = 0; r < h; r++) out.set(img.data.subarray(((y + r) * img.width + x) * 4, ((y + r) * img.width + x + w) * 4), r * w * 4);
  return { width: w, height: h, data: out };
}

/** The page (served by Vite) after a painting with the form's defaults, on a desktop and on a phone. */
async function pageShots(session) {
  const { createServer } = await import('vite');
  const server = await createServer({ configFile: 'page/vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  await server.listen();
  try {
    for (const [file, width, height] of [['docs/page.png', 1280, 800], ['docs/page-phone.png', 390, 844]]) {
      const page = await session.browser.newPage();
      await page.setViewport({ width, height });
      await page.goto(server.resolvedUrls.local[0], { waitUntil: 'networkidle0' });
      await page.waitForFunction(() => /^ready/.test(document.getElementById('f-status').textContent ?? ''), { timeout: 30_000 });
      await page.click('#start');
      await page.waitForFunction(() => /^done/.test(document.getElementById('f-status').textContent ?? ''), { timeout: 300_000, polling: 200 });
      await new Promise((r) => setTimeout(r, 5000)); // the process curve is drawn after "done"
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: file });
      console.log(`${file}: ${await page.$eval('#f-status', (el) => el.textContent)}`);
      await page.close();
    }
  } finally {
    await server.close();
  }
}

const session = await openSession();
try {
  if (args.includes('--page')) await pageShots(session);
  else if (args.includes('--bristles')) {
    const crops = [];
    for (const bristles of [0, 0.6]) {
      const p = await paint(value('--bristles'), { strokes: 1000, size: 'full', bristles, session });
      const full = await render({ strokes: p.strokes, background: p.background, width: p.width, height: p.height }, { session });
      const cw = Math.min(320, p.width), ch = Math.min(240, p.height);
      crops.push(crop(full, Math.round((p.width - cw) / 2), Math.round((p.height - ch) / 2), cw, ch));
      console.log(`bristles ${bristles}: ${p.psnr.toFixed(2)} dB in ${p.seconds.toFixed(1)} s (${session.renderer})`);
    }
    writeFileSync('docs/bristles.png', encodePNG(row(crops)));
  }
  else if (!args.includes('--large')) {
    const p = await paint('examples/astronaut.png', { session });
    const spec = { strokes: p.strokes, width: p.width, height: p.height, background: p.background };
    writeFileSync('docs/astronaut-500.png', encodePNG(row([p.target, await render(spec, { session })])));
    const ends = [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * p.strokes.length));
    writeFileSync('docs/process-strip.png', encodePNG(row(await renderFrames(spec, ends, { session }))));
    console.log(`astronaut, ${p.strokes.length} strokes: ${p.psnr.toFixed(2)} dB in ${p.seconds.toFixed(1)} s; process ${p.processPsnr.map((q) => q.psnr.toFixed(2)).join(' / ')} dB (${session.renderer})`);
  } else {
    const image = value('--large');
    const strokes = Number(value('--strokes', 3000));
    const p = await paint(image, { strokes, size: 'full', session });
    const spec = { strokes: p.strokes, background: p.background };
    const full = await render({ ...spec, width: p.width, height: p.height }, { session });
    const s = 768 / Math.max(p.width, p.height);
    writeFileSync('docs/large.png', encodePNG(await render({ ...spec, width: Math.round(p.width * s), height: Math.round(p.height * s) }, { session })));
    const cw = Math.min(400, p.width), ch = Math.min(300, p.height);
    const x = Number(value('--x', Math.round((p.width - cw) / 2))), y = Number(value('--y', Math.round((p.height - ch) / 2)));
    writeFileSync('docs/large-crop.png', encodePNG(row([crop(p.target, x, y, cw, ch), crop(full, x, y, cw, ch)])));
    console.log(`${image}, ${strokes} strokes at ${p.width}x${p.height}: ${p.psnr.toFixed(2)} dB in ${p.seconds.toFixed(1)} s (${session.renderer}); crop at ${x},${y}`);
  }
} finally {
  await session.close();
}
