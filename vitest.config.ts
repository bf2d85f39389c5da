import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'app/**/*.test.ts',
      'main/**/*.test.ts',
      'migrations/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'sync-server/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    env: { BALCAO_LOG: 'silent' },
    // Migrates one device database per run; test/helpers.ts copies it instead of migrating per test.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Most test time is waiting (child processes, fsync, servers), not CPU: three workers on a
    // 2-core CI machine finish well before one (vitest's default here) would.
    maxWorkers: 3,
  },
});
