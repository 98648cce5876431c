// What the counting stage hands the deciding stage: one closed minute of every cell that had reports.
// The same shape travels on `series.>` in the pipeline, so partitioned counters feed one decider.

export interface CellMinute {
  readonly district: string; // code, or 'unknown'
  readonly topic: string; // code, or 'unknown'
  /** Reports counted in this minute (duplicates excluded, late ones excluded). */
  readonly reports: number;
  /** Distinct caller keys in this minute, in order of first call (a report without callerId is its own caller). */
  readonly callers: readonly string[];
  /** Ids of the reports in this minute, sorted by (event time, id). */
  readonly reportIds: readonly string[];
}

export interface MinuteSeries {
  /** Epoch minute index (floor(epochMs / 60000)) of the closed bucket. */
  readonly minute: number;
  /** Cells with at least one report, sorted by district then topic. */
  readonly cells: readonly CellMinute[];
}

/** Key of a district×topic cell, as used in maps and subjects. */
export const cellKey = (district: string, topic: string): string => `${district}.${topic}`;
