import { readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// The same constant scripts/build.mjs defines, so code under test reports the real version.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: {
    __DDB_SETUP_VERSION__: JSON.stringify(version),
  },
  test: {
    environment: 'node',
    // Integration tests start real sshd servers and run the built program; give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The default reporter for people; the summary reporter's closing line for CI, which reads it.
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Two projects (`vitest run --project unit` runs one): `extends: true` gives each the settings
    // above (define, environment, timeouts).
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['source/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'test/integration/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Starts 3 test hosts (network namespaces with sshd) once, for every suite; needs root.
          globalSetup: ['test/helpers/hosts-global-setup.ts'],
          // The suites share those hosts (and power them off, cut them…): one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // `npm run bench:change`: measurements on the same test hosts, not pass/fail tests.
          name: 'bench',
          include: ['test/bench/**/*.bench-run.ts'],
          globalSetup: ['test/helpers/hosts-global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
