import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // every file drives one headless Chromium whose SwiftShader uses all cores: run files one at a time
    fileParallelism: false,
  },
});
