#!/usr/bin/env bash
# The package as a consumer gets it: `npm pack` installed into a fresh project, where a strict TypeScript
# consumer of both entries typechecks, a Node script paints through fude/node, and a Vite build of a web
# page bundles fude without Puppeteer. Then publint and @arethetypeswrong/cli judge the tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node scripts/build.mjs >&2
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"

mkdir -p "$work/consumer/src"
cd "$work/consumer"
cat > package.json <<'JSON'
{ "name": "fude-consumer", "private": true, "type": "module" }
JSON
npm install --no-audit --no-fund --silent "$work/$tarball" "@types/node@^20" >/dev/null
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "lib": ["ES2022", "DOM"],
    "strict": true, "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true, "noImplicitOverride": true,
    "noEmit": true, "types": ["node"]
  },
  "include": ["src"]
}
JSON
cat > src/web.ts <<'TS'
import { paint, getGL, decodeImage, renderStrokes, toSVG, DEFAULT_PAINT_OPTIONS, type Painting, type Stroke } from 'fude';
export async function run(canvas: HTMLCanvasElement, bytes: Uint8Array): Promise<Painting> {
  const gl = getGL(canvas);
  const target = await decodeImage(bytes, 128);
  const p = await paint(gl, target, { strokes: 50, type: DEFAULT_PAINT_OPTIONS.type }, { onProgress: (e) => console.log(e.psnr) });
  const first: Stroke | undefined = p.strokes[0];
  if (first) renderStrokes(gl, { strokes: [first], width: 64, height: 64, background: p.background });
  toSVG(p.width, p.height, p.background, p.strokes);
  return p;
}
TS
cat > src/node.ts <<'TS'
import { paint, paintToFiles, openSession, type NodePainting } from 'fude/node';
export async function run(file: string): Promise<NodePainting> {
  const session = await openSession({ renderer: 'auto' });
  try {
    await paintToFiles(file, { out: 'out', strokes: 10, session });
    return await paint(file, { strokes: 10, size: 32, session, onProgress: (p) => console.log(p.psnr) });
  } finally {
    await session.close();
  }
}
TS
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json
echo "strict TypeScript consumer of fude and fude/node: no errors"

cat > paint.mjs <<'JS'
import { paint } from 'fude/node';
const p = await paint(process.argv[2], { strokes: 30, size: 64, stages: 3, stageSteps: 10, refineSteps: 10 });
console.log(`fude/node painted ${p.strokes.length} strokes, PSNR ${p.psnr.toFixed(2)} dB on ${p.renderer}`);
JS
node paint.mjs "$root/examples/astronaut.png"

mkdir -p web
cat > web/index.html <<'HTML'
<!doctype html><canvas id="c"></canvas><script type="module" src="./main.js"></script>
HTML
cat > web/main.js <<'JS'
import { getGL, paint, decodeImage } from 'fude';
const bytes = new Uint8Array(await (await fetch('image.png')).arrayBuffer());
const p = await paint(getGL(document.getElementById('c')), await decodeImage(bytes, 64), { strokes: 20 });
console.log(p.psnr);
JS
node "$root/node_modules/vite/bin/vite.js" build web --logLevel warn --outDir "$work/web-dist" --emptyOutDir
if grep -rlq "puppeteer" "$work/web-dist"; then echo "the web bundle pulled in Puppeteer" >&2; exit 1; fi
echo "vite build of a page using fude: $(du -sh "$work/web-dist" | cut -f1), no Puppeteer"

cd "$root"
node node_modules/publint/src/cli.js run "$work/$tarball" --strict
node node_modules/@arethetypeswrong/cli/dist/index.js "$work/$tarball" --profile esm-only
