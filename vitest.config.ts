// Test runner settings: real services and child processes are slow to start on a shared two-core machine.
// Coverage (scripts/test.sh runs the whole suite with --coverage): V8's, of the engine and the schemas as the
// tests import them. Code the tests reach only through a `lizheng` child process is not counted.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['engine/**/*.ts', 'schemas/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // The figures are worth seeing when a test fails too (a flaky one must not hide a drop in coverage).
      reportOnFailure: true,
      // The floor, a little below the whole suite's figures on 2026-12-03 (statements 74.4 %, branches 70.5 %,
      // functions 74.0 %, lines 75.0 %, from a clean clone with CI=true): raise it as tests are added, never lower it.
      thresholds: { statements: 73, branches: 69, functions: 72, lines: 74 },
    },
  },
});
