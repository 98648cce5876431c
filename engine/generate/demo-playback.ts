// Plays the demo city's feed into the replayer: the history at once, in the replayer's batches, then each later
// report when its event time, sped up, comes on the wall clock — so "live" is the feed's own rhythm, N× faster.
import { setTimeout as sleep } from 'node:timers/promises';
import type { NdjsonLine } from '../intake/read-ndjson.ts';

export interface PlaybackOptions {
  /** Epoch ms of event time where live play starts. */
  readonly liveFrom: number;
  /** Event-time speed-up of live play (60: an hour a minute). */
  readonly speed: number;
  /** Stops play: the playback throws the signal's reason, so no end-of-feed marker follows a stop. */
  readonly signal: AbortSignal;
  /** Newest event time played so far, after each batch; `live` once play reached `liveFrom`. */
  readonly onProgress?: (eventTime: number, live: boolean) => void;
}

/** A line's event time, or null for a line the replayer will reject anyway (it passes at once). */
function eventTime(line: NdjsonLine): number | null {
  const at = (line.value as { receivedAt?: unknown } | null | undefined)?.receivedAt;
  const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(t) ? t : null;
}

/** The batches of `input`, history unpaced, then live lines one by one at `speed`. */
export async function* demoPlayback(
  input: AsyncIterable<readonly NdjsonLine[]>,
  options: PlaybackOptions,
): AsyncGenerator<readonly NdjsonLine[]> {
  const { liveFrom, speed, signal, onProgress } = options;
  let newest = Number.NEGATIVE_INFINITY;
  /** Wall time (performance.now) at which live play started. */
  let liveStartedAt: number | null = null;
  for await (const batch of input) {
    signal.throwIfAborted();
    let cut = 0;
    while (liveStartedAt === null && cut < batch.length) {
      const t = eventTime(batch[cut]);
      if (t !== null && t >= liveFrom) liveStartedAt = performance.now();
      else {
        if (t !== null) newest = Math.max(newest, t);
        cut++;
      }
    }
    if (cut > 0) {
      yield batch.slice(0, cut);
      onProgress?.(newest, false);
    }
    for (const line of batch.slice(cut)) {
      const t = eventTime(line);
      if (t !== null && liveStartedAt !== null) {
        // Arrival order is up to 90 s out of event order: an early line waits for nobody, a late one never rewinds.
        const due = liveStartedAt + (t - liveFrom) / speed - performance.now();
        if (due > 1) await sleep(due, undefined, { signal });
        newest = Math.max(newest, t);
      }
      signal.throwIfAborted();
      yield [line];
      onProgress?.(newest, true);
    }
  }
}
