import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Test files share a worker's modules (no test relies on module state): this halves the
    // suite's start-up cost on 2 cores. Threads start faster than forked processes.
    pool: 'threads',
    isolate: false,
    // Two workers on two cores: spawned-binary tests wait on their children, in-process tests use the CPU.
    maxWorkers: 2,
  },
});
