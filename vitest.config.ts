import { defineConfig } from 'vitest/config';

/** Integration files that vi.mock a module: they run isolated (see the integration projects). */
const MOCKING_FILES = ['test/integration/authz-matrix.test.ts', 'test/integration/new-field.test.ts'];

const integration = {
  sequence: { groupOrder: 1 },
  include: ['test/integration/**/*.test.ts'],
  globalSetup: ['test/support/global-setup.ts'],
  setupFiles: ['test/support/fail-on-console-error.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // 2 cores: PGlite is CPU-bound, more workers only contend.
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    // Vitest 5 clears every mock's history before each test by default. Kept off: the console.error
    // guard (test/support/fail-on-console-error.ts) spies once per file and must also see what a
    // beforeAll hook logged, which a cleared history would hide. Inline projects inherit this.
    clearMocks: false,
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['src/**/*.test.ts', 'contract/**/*.test.ts', 'web/src/**/*.test.ts'],
          setupFiles: ['test/support/fail-on-console-error.ts'],
          // Shared module graph per worker (see the integration project): most of this project's time was imports.
          isolate: false,
        },
      },
      {
        test: {
          ...integration,
          name: 'integration',
          exclude: MOCKING_FILES,
          // One module graph per worker, not per file: loading the app's modules and compiling
          // PGlite's WebAssembly once per worker instead of once per file was ~1/4 of the suite's
          // CPU. Files own their state (a database each, env restored after use), so sharing holds.
          isolate: false,
        },
      },
      {
        test: {
          ...integration,
          // The files that replace modules with vi.mock: they need modules of their own.
          name: 'integration-isolated',
          include: MOCKING_FILES,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A page draws after its data arrives: a poll for what a user would see waits up to 10 s
          // (vitest's default of 1 s failed on a busy 2-core machine while the page was still loading).
          expect: { poll: { timeout: 10_000 } },
          // Two spec files at a time: each has its own server, database and browser, and a browser
          // journey waits on pages more than it computes (one file at a time left a core idle: CI's
          // browser suite took 439 s, two at a time 339–373 s on the same 2-core machine). A check
          // that reads the page must wait for what it expects (expect.poll), never read once.
          maxWorkers: 2,
          // One module graph per worker (as the integration project).
          isolate: false,
        },
      },
    ],
  },
});
