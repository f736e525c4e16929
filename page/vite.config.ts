// The interactive page: `npm run page` serves it on 127.0.0.1; `npm run build:page` writes a static
// folder (dist/page) that can be hosted anywhere.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1' },
  build: { outDir: fileURLToPath(new URL('../dist/page', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
