import { defineConfig } from 'vitest/config';

/**
 * Three projects, so that each kind of test runs like the code it tests:
 * - `unit`: pure modules in Node, no DNS stack (`npx vitest run --project unit` takes seconds);
 * - `integration`: the core and the CLI against the real DNS stack (Knot, Unbound, dnsdist) and the
 *   local web/RDAP servers, started once by the global setup and shared through `inject`;
 * - `browser`: the built extension in Debian's Chromium (test/e2e), with the same stack.
 * `npm test` runs all three; the stack is started once even when two projects need it.
 */
const STACK_SETUP = ['test/stack/global-setup.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/rdap/**/*.test.ts', 'test/stack/zone-file.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/*.test.ts', 'test/stack/**/*.test.ts'],
          exclude: ['test/stack/zone-file.test.ts'],
          globalSetup: STACK_SETUP,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: STACK_SETUP,
        },
      },
    ],
  },
});
