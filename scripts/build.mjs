// Builds the browser library (ESM), the bundle injected into headless Chromium (IIFE, global `fude`)
// and the Node entry points. `node scripts/build.mjs browser` builds only the browser bundles (tests).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const quiet = { logLevel: 'warn', configFile: false, root };

await build({
  ...quiet,
  build: {
    outDir: 'dist', emptyOutDir: false, minify: false, sourcemap: true, target: 'es2022',
    lib: { entry: 'src/index.ts', name: 'fude', formats: ['es', 'iife'], fileName: (f) => (f === 'es' ? 'fude.js' : 'fude.iife.js') },
  },
});

if (only !== 'browser') {
  await build({
    ...quiet,
    build: {
      outDir: 'dist/node', emptyOutDir: false, minify: false, sourcemap: true, target: 'node20',
      ssr: true,
      rollupOptions: { input: { index: 'src/node/index.ts', cli: 'src/node/cli.ts', bench: 'src/node/bench.ts' }, output: { format: 'es', entryFileNames: '[name].js' } },
    },
  });
}
