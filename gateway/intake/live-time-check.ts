// The event-time gate's live rules for one report at the gateway: a stateless gateway has no feed to vote with, but
// the wall clock it has is enough to refuse at once what the engine's gate would quarantine anyway — a time more
// than the gate's reach ahead of now, or further behind now than its horizon. The gate itself decides, so the words
// and the limits are the engine's.
import { EventTimeGate, quarantineMessage } from '../../engine/time/event-time-gate.ts';

/**
 * Null when a report with event time `t` may be published at wall time `now`; else the dead-letter reason, as the
 * engine writes it (`receivedAt: quarantined (ahead-of-clock): "…" is 74 years ahead of the wall clock`).
 */
export function liveTimeProblem(receivedAt: string, t: number, now: number, aheadMs: number): string | null {
  let problem: string | null = null;
  // A gate whose feed stands at the wall clock: what it quarantines now, it would quarantine in the engine.
  const gate = new EventTimeGate<null>(
    { aheadMs },
    {
      pass: () => undefined,
      quarantine: (_item, reason, detail) => {
        problem = quarantineMessage(receivedAt, reason, detail);
      },
    },
    { frontier: now, held: [] },
  );
  gate.offer(null, t, now);
  return problem;
}
