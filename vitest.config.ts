import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node, without the crx plugin. The real DNS stack, RDAP server and
// web server are started once by the global setup and shared through `inject`.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/stack/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
