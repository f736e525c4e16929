import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A few tests watch real processes and signals against a clock (a stuck page, Ctrl-C mid-batch, the
    // main thread's longest task): on a loaded machine one may miss once. A deterministic failure fails
    // twice; the CI summary lists every test that needed its retry.
    retry: 1,
    // every file drives one headless Chromium whose SwiftShader uses all cores: run files one at a time
    fileParallelism: false,
  },
});
