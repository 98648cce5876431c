// The surge test of one cell: distinct callers in each trailing window against the baseline's
// expectation, negative-binomial upper tail, gated by a minimum count and ratio so tiny cells stay quiet.
import { negativeBinomialUpperTail } from '../stats/index.ts';
import type { WindowCounts } from './rolling-callers.ts';

export interface WindowResult extends WindowCounts {
  readonly expected: number;
  readonly pValue: number;
}

export interface WindowTestOptions {
  readonly dispersion: number;
  readonly minCallers: number;
  readonly minRatio: number;
}

/** The window's p-value against its expectation. */
export function testWindow(counts: WindowCounts, expected: number, dispersion: number): WindowResult {
  const { minutes, distinctCallers, reports } = counts;
  return {
    minutes,
    distinctCallers,
    reports,
    expected,
    pValue: negativeBinomialUpperTail(distinctCallers, expected, dispersion),
  };
}

/** Whether a window may be considered a surge at all: enough people, far enough above normal. */
export const passesGates = (distinctCallers: number, expected: number, o: WindowTestOptions): boolean =>
  distinctCallers >= o.minCallers && distinctCallers >= o.minRatio * expected;

/** The most surprising of several window results (smallest p, then the shorter window). */
export const mostSurprising = (results: readonly WindowResult[]): WindowResult =>
  results.reduce((best, w) => (w.pValue < best.pValue ? w : best));
