// Test runner settings: real services and child processes are slow to start on a shared two-core machine.
// Coverage (scripts/test.sh runs the whole suite with --coverage): V8's, of the engine and the schemas as the
// tests import them. Code the tests reach only through a `lizheng` child process is not counted.
import { defineConfig } from 'vitest/config';

/**
 * Files that measure time in this process or the browser, wait on the browser within a bound, or load both cores on
 * their own (the demo): they run one at a time after the rest, so no other test's work skews them. Every other file
 * has its own nats-server, schema, data directory and ports, and mostly waits on child processes, so two run at once
 * (their bounds are judged in messages, or generous). The wall's heap test runs with them: a heap measured after a
 * forced collection does not depend on the machine's load, and its sampling is a fixed span, not a bound.
 */
const ALONE = [
  'test/dashboard-wall.test.ts',
  'test/dashboard-console.test.ts',
  'test/dashboard-reconnect.test.ts',
  'test/store-event-loop.test.ts',
  'test/intake-fuzz.test.ts',
  'test/start-demo.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'together',
          include: ['test/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['engine/**/*.ts', 'gateway/**/*.ts', 'schemas/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // The figures are worth seeing when a test fails too (a flaky one must not hide a drop in coverage).
      reportOnFailure: true,
      // The floor, a little below the whole suite's figures on 2026-12-05 (statements 79.1 %, branches 74.6 %,
      // functions 80.5 %, lines 80.0 %, from a clean clone with CI=true): raise it as tests are added, never lower it.
      thresholds: { statements: 77.5, branches: 73, functions: 78.5, lines: 78 },
    },
  },
});
