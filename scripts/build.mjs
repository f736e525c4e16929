// Builds the browser library (ESM, its dependencies left to the consumer's install), the script injected
// into headless Chromium (IIFE, global `fude`, self-contained), the Node entry points, and the type
// declarations of both public entries. `node scripts/build.mjs browser` builds only the browser bundles.
import { build } from 'vite';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const quiet = { logLevel: 'warn', configFile: false, root };
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

await build({
  ...quiet,
  build: {
    outDir: 'dist', emptyOutDir: false, minify: false, sourcemap: true, target: 'es2022',
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rollupOptions: { external },
  },
});
// The page's scripts are minified: parsing them is part of every start (see page-server.ts)
const pageScript = (entry, name, file) => build({
  ...quiet,
  build: {
    outDir: 'dist', emptyOutDir: false, minify: true, sourcemap: true, target: 'es2022',
    lib: { entry, name, formats: ['iife'], fileName: () => file },
  },
});
await pageScript('src/bridge/page.ts', 'fude', 'fude.iife.js');
await pageScript('src/bridge/page-video.ts', 'fudeVideo', 'fude-video.iife.js');

if (only !== 'browser') {
  rmSync(`${root}/dist/node`, { recursive: true, force: true }); // no chunks of earlier builds in the package
  await build({
    ...quiet,
    build: {
      outDir: 'dist/node', emptyOutDir: false, minify: false, sourcemap: true, target: 'node20',
      ssr: true,
      rollupOptions: { input: { index: 'src/node/index.ts', cli: 'src/node/cli.ts', bench: 'src/node/bench.ts' }, output: { format: 'es', entryFileNames: '[name].js' } },
    },
  });
  rmSync(`${root}/dist/types`, { recursive: true, force: true });
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
}
