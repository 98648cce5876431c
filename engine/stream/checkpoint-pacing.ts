// When an automatic checkpoint may start. Capturing the state runs on the consumer's thread and grows with the
// state (at 5,000 reports/s, hundreds of ms), so checkpoints are spaced to keep that to a set share of the time;
// they are put off while a minute is about to close (its alerts would wait behind the capture), and they never
// wait so long that the unacked input reaches the consumer's max_ack_pending or outlives its ack_wait.

export interface PacingPolicy {
  /** Checkpoint after this long… */
  readonly everyMs: number;
  /** …or after this many messages, whichever comes first, */
  readonly everyMessages: number;
  /** …but leave at least (1 / captureShare − 1) × the last capture's duration between captures… */
  readonly captureShare: number;
  /** …unless this many messages wait for an ack, or the last capture is this old: then at once, whatever else holds. */
  readonly forceAfterMessages: number;
  readonly forceAfterMs: number;
}

export interface PacingState {
  /** Since the last capture ended. */
  readonly msSinceLast: number;
  readonly messagesSinceLast: number;
  /** How long the last capture held the thread. */
  readonly lastCaptureMs: number;
  /** Until something waited for is due (the next minute's close, in live mode); Infinity when nothing is. */
  readonly msUntilDue: number;
}

/** A capture is put off when what is due could come before it ends, with this much to spare… */
export const DUE_GUARD_MS = 1_000;
/** …but not for longer than this past when it was due (event time may stand still). */
export const DEFER_AT_MOST_MS = 5_000;

/** A quarter of the interval: how often a timer asks checkpointDue, so a paced checkpoint starts soon after it may. */
export const pacingTickMs = (policy: PacingPolicy): number => Math.max(10, Math.min(250, policy.everyMs / 4));

/** The longest a paced cycle may go between checkpoints while messages flow (unless forced sooner). */
export function pacedIntervalMs(policy: PacingPolicy, lastCaptureMs: number): number {
  return Math.min(
    policy.forceAfterMs,
    Math.max(policy.everyMs, lastCaptureMs * (1 / policy.captureShare - 1)) + DEFER_AT_MOST_MS,
  );
}

/**
 * Whether a checkpoint should start now.
 * @example
 * const policy = { everyMs: 1000, everyMessages: 50_000, captureShare: 0.05, forceAfterMessages: 100_000, forceAfterMs:
 * 30_000 };
 * checkpointDue({ msSinceLast: 1200, messagesSinceLast: 10, lastCaptureMs: 5, msUntilDue: Infinity }, policy); // →
 * true
 * checkpointDue({ msSinceLast: 1200, messagesSinceLast: 10, lastCaptureMs: 400, msUntilDue: Infinity }, policy); // →
 * false: rest 7.6 s
 * checkpointDue({ msSinceLast: 1200, messagesSinceLast: 10, lastCaptureMs: 5, msUntilDue: 800 }, policy); // → false: a
 * close first
 */
export function checkpointDue(state: PacingState, policy: PacingPolicy): boolean {
  if (state.messagesSinceLast >= policy.forceAfterMessages || state.msSinceLast >= policy.forceAfterMs) return true;
  if (state.msSinceLast < state.lastCaptureMs * (1 / policy.captureShare - 1)) return false;
  if (state.msSinceLast < policy.everyMs && state.messagesSinceLast < policy.everyMessages) return false;
  const closeFirst = state.msUntilDue < state.lastCaptureMs + DUE_GUARD_MS;
  return !closeFirst || state.msSinceLast >= pacedIntervalMs(policy, state.lastCaptureMs);
}
