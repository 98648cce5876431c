import { describe, expect, it } from 'vitest';
import {
  DEFER_AT_MOST_MS,
  DUE_GUARD_MS,
  checkpointDue,
  pacedIntervalMs,
  pacingTickMs,
  type PacingState,
} from '../engine/stream/checkpoint-pacing.ts';
import { isCheckpointFresh } from '../engine/stream/readiness.ts';

const policy = {
  everyMs: 1_000,
  everyMessages: 50_000,
  captureShare: 0.05,
  forceAfterMessages: 100_000,
  forceAfterMs: 30_000,
};
const state = (over: Partial<PacingState>): PacingState => ({
  msSinceLast: 0,
  messagesSinceLast: 0,
  lastCaptureMs: 0,
  msUntilDue: Infinity,
  ...over,
});

describe('checkpoint pacing: when an automatic checkpoint starts', () => {
  it('starts after the interval or after enough messages, whichever comes first, while captures are cheap', () => {
    expect(checkpointDue(state({ msSinceLast: 999, messagesSinceLast: 49_999, lastCaptureMs: 2 }), policy)).toBe(false);
    expect(checkpointDue(state({ msSinceLast: 1_000, messagesSinceLast: 1, lastCaptureMs: 2 }), policy)).toBe(true);
    expect(checkpointDue(state({ msSinceLast: 100, messagesSinceLast: 50_000, lastCaptureMs: 2 }), policy)).toBe(true);
  });

  it('leaves 19 times the last capture between captures, so capturing takes at most 5 % of the time', () => {
    expect(checkpointDue(state({ msSinceLast: 7_599, messagesSinceLast: 60_000, lastCaptureMs: 400 }), policy)).toBe(
      false,
    );
    expect(checkpointDue(state({ msSinceLast: 7_600, messagesSinceLast: 60_000, lastCaptureMs: 400 }), policy)).toBe(
      true,
    );
  });

  it('is put off while a close is due before a capture would end, but only for a while', () => {
    const soon = { msUntilDue: DUE_GUARD_MS + 399, lastCaptureMs: 400, messagesSinceLast: 10 };
    expect(checkpointDue(state({ ...soon, msSinceLast: 8_000 }), policy)).toBe(false);
    expect(checkpointDue(state({ ...soon, msUntilDue: DUE_GUARD_MS + 400, msSinceLast: 8_000 }), policy)).toBe(true);
    expect(checkpointDue(state({ ...soon, msSinceLast: 7_600 + DEFER_AT_MOST_MS - 1 }), policy)).toBe(false);
    expect(checkpointDue(state({ ...soon, msSinceLast: 7_600 + DEFER_AT_MOST_MS }), policy)).toBe(true);
  });

  it(
    'is forced once half of max_ack_pending waits for an ack, or a quarter of ack_wait has passed, whatever the ' +
      'pacing says',
    () => {
      expect(
        checkpointDue(
          state({ msSinceLast: 10, messagesSinceLast: 100_000, lastCaptureMs: 5_000, msUntilDue: 0 }),
          policy,
        ),
      ).toBe(true);
      expect(
        checkpointDue(
          state({ msSinceLast: 29_999, messagesSinceLast: 10, lastCaptureMs: 5_000, msUntilDue: 0 }),
          policy,
        ),
      ).toBe(false);
      expect(
        checkpointDue(
          state({ msSinceLast: 30_000, messagesSinceLast: 10, lastCaptureMs: 5_000, msUntilDue: 0 }),
          policy,
        ),
      ).toBe(true);
    },
  );

  it('asks often enough to start soon after a checkpoint may, never more often than every 10 ms', () => {
    expect(pacingTickMs(policy)).toBe(250);
    expect(pacingTickMs({ ...policy, everyMs: 100 })).toBe(25);
    expect(pacingTickMs({ ...policy, everyMs: 10 })).toBe(10);
  });

  it('lets readiness allow a slow-paced engine twice its interval before calling its checkpoint stale', () => {
    expect(pacedIntervalMs(policy, 2)).toBe(1_000 + DEFER_AT_MOST_MS);
    expect(pacedIntervalMs(policy, 1_000)).toBe(19_000 + DEFER_AT_MOST_MS);
    expect(pacedIntervalMs(policy, 5_000)).toBe(30_000);
    expect(isCheckpointFresh(29_999)).toBe(true);
    expect(isCheckpointFresh(30_000)).toBe(false);
    expect(isCheckpointFresh(40_000, pacedIntervalMs(policy, 1_000))).toBe(true);
    expect(isCheckpointFresh(48_000, pacedIntervalMs(policy, 1_000))).toBe(false);
  });
});
