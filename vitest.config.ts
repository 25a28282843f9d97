import { defineConfig } from 'vitest/config';

// Lambda runs Node 22; tests may run on Node 20, where the SDK's upgrade notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Tests that measure time: the workflows at scaled time and the end-to-end runs of `npm start`. */
const timed = ['test/workflows/**/*.test.ts', 'test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    // One DynamoDB Local for the whole run; every test file works in tables of its own.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Two cores: unit, integration and infra files run two at a time.
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: timed,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // Then, one file at a time, so no other test steals the CPU from a clock being measured.
        // A timed test measures against the wall clock of a shared 2-core machine: one that misses a
        // moment runs once more, and a wrong behaviour fails both runs.
        test: {
          name: 'timed',
          include: timed,
          fileParallelism: false,
          retry: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
