import { defineConfig } from 'vitest/config';

// Lambda runs Node 22; tests may run on Node 20, where the SDK's upgrade notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; every test file works in tables of its own.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: files run two at a time; DynamoDB Local and the e2e processes need the rest.
    maxWorkers: 2,
  },
});
