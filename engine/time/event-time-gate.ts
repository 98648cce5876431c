// Event time is input, and input can be wrong: this gate stands before the counter so that one report with a
// time far ahead of the feed (a broken clock, a wrong zone, the year 2100) cannot move the watermark and make
// the rest of the city "late". The watermark follows the bulk of the feed, never a single report.
import { MINUTE_MS } from './event-time.ts';

/** Why a report was kept out of counting. */
export type QuarantineReason = 'ahead' | 'ahead-of-clock' | 'too-old';

export interface EventTimeGateOptions {
  /**
   * A report more than this ahead of the feed's newest accepted time waits for the feed to confirm it (default 15 min).
   */
  readonly aheadMs?: number;
  /** Later reports that must agree (or disagree) before a waiting report passes (or is quarantined) (default 5). */
  readonly votes?: number;
  /**
   * A report more than this behind the newest accepted time is quarantined, not counted late; a later report more
   * than this beyond a waiting one does not confirm it either (default the larger of 30 days, the INTAKE stream's
   * age limit, and twice `aheadMs`).
   */
  readonly horizonMs?: number;
}

const GATE_DEFAULTS: Required<EventTimeGateOptions> = {
  aheadMs: 15 * MINUTE_MS,
  votes: 5,
  horizonMs: 30 * 24 * 60 * MINUTE_MS,
};

/** A report the gate holds back: what the caller gave, its time, and how later reports voted on it. */
export interface HeldEntry<T> {
  readonly item: T;
  readonly t: number;
  support: number;
  refute: number;
}

/** What a gate must remember across a restart; `item` is whatever the caller keeps per report. */
export interface GateState<T> {
  readonly frontier: number | null;
  readonly held: ReadonlyArray<HeldEntry<T>>;
  /** The widest step forward the feed has taken (absent in checkpoints from before it was kept: 0). */
  readonly widestStep?: number;
}

export interface GateVerdicts<T> {
  /** The report goes on to counting; called in the order the gate lets reports through. */
  readonly pass: (item: T) => void;
  /** The report is kept out of counting; `detail` says why in words for the operator. */
  readonly quarantine: (item: T, reason: QuarantineReason, detail: string) => void;
}

/**
 * Lets reports through to counting in arrival order unless their event time is implausible.
 *
 * The frontier is the newest event time let through. A report up to `aheadMs` ahead of it passes at once (and
 * moves it, as the watermark always did). A report further ahead waits, and each later report votes on it: one
 * at or after its time less `aheadMs` (and within the horizon beyond it) says the feed has moved there too; one
 * before says the feed is still where it was. After `votes` agreeing reports it passes — a real gap in a quiet
 * night, or a mailbox's hours between letters — and after `votes` disagreeing ones it is quarantined. Each is
 * decided within 2·votes − 1 later reports, so the queue stays short.
 * Until the first report passes there is no frontier, and every report waits for its votes: a feed whose first
 * line is wrong starts at its second.
 *
 * Live, `now` bounds event time too: a report more than `aheadMs` ahead of the wall clock is quarantined at once.
 * Replay never reads the wall clock. The same reports in the same order always get the same verdicts.
 */
export class EventTimeGate<T> {
  readonly aheadMs: number;
  readonly votes: number;
  readonly horizonMs: number;
  private frontier: number | null;
  private readonly held: Array<HeldEntry<T>>;
  /** How far the frontier has moved in one report: the feed's own idea of an ordinary gap (a mailbox's night). */
  private widestStep: number;

  constructor(
    options: EventTimeGateOptions,
    private readonly verdicts: GateVerdicts<T>,
    state?: GateState<T>,
  ) {
    this.aheadMs = options.aheadMs ?? GATE_DEFAULTS.aheadMs;
    this.votes = options.votes ?? GATE_DEFAULTS.votes;
    this.horizonMs = options.horizonMs ?? Math.max(GATE_DEFAULTS.horizonMs, 2 * this.aheadMs);
    if (!(this.aheadMs > 0) || !Number.isInteger(this.votes) || this.votes < 1 || !(this.horizonMs > this.aheadMs)) {
      throw new RangeError(
        `event-time gate: aheadMs > 0, votes a whole number ≥ 1 and horizonMs > aheadMs (got ${this.aheadMs}, ` +
          `${this.votes}, ${this.horizonMs})`,
      );
    }
    this.frontier = state?.frontier ?? null;
    this.held = state ? state.held.map((h) => ({ ...h })) : [];
    this.widestStep = state?.widestStep ?? 0;
  }

  /** Reports waiting for the feed to confirm their time. */
  get waiting(): number {
    return this.held.length;
  }

  /**
   * Whether a report at `t` would pass at once, neither held nor quarantined: a caller can then hand over less of it
   * (the whole-city engine, a report's counted fields), since nothing is kept or dead-lettered.
   */
  passesAtOnce(t: number, now?: number): boolean {
    if (now !== undefined && t > now + this.aheadMs) return false;
    if (this.vouchedByClock(t, now)) return true;
    return this.frontier !== null && t <= this.frontier + this.aheadMs && t >= this.frontier - this.horizonMs;
  }

  /**
   * Live, before anything passed, the wall clock vouches for a report about now (within `aheadMs` of it either way),
   * so a freshly started engine counts its first reports at once instead of waiting for votes.
   */
  private vouchedByClock(t: number, now: number | undefined): boolean {
    return this.frontier === null && now !== undefined && Math.abs(t - now) <= this.aheadMs;
  }

  /** One report, in arrival order, with its event time; `now` (live mode only) is the wall clock. */
  offer(item: T, t: number, now?: number): void {
    if (now !== undefined && t > now + this.aheadMs) {
      this.verdicts.quarantine(item, 'ahead-of-clock', `${describeGap(t - now)} ahead of the wall clock`);
      return;
    }
    for (const h of this.held) {
      if (t >= h.t - this.aheadMs && t <= h.t + this.horizonMs) h.support++;
      else h.refute++;
    }
    // A plausible report passes at once, even past waiting ones: it is what the waiting ones are judged against.
    if ((this.frontier !== null && t <= this.frontier + this.aheadMs) || this.vouchedByClock(t, now))
      this.letThrough(item, t);
    else this.held.push({ item, t, support: 0, refute: 0 });
    this.settle(false);
  }

  /** Live idle tick: the wall clock says the feed has reached `now`. */
  advanceTo(now: number): void {
    if (this.frontier !== null && now > this.frontier) this.frontier = now;
    this.settle(false);
  }

  /**
   * End of input: nothing more will vote. A waiting report passes if more later reports agreed than disagreed (or,
   * before anything passed, as many), or, with no report after it at all, if it is no further ahead than the widest
   * step the feed itself has already taken (a mailbox's last letter, an hour after the one before); else it is
   * quarantined — so a wrong time on the feed's last line never closes years of minutes.
   */
  flush(): void {
    this.settle(true);
  }

  state(): GateState<T> {
    return { frontier: this.frontier, held: this.held.map((h) => ({ ...h })), widestStep: this.widestStep };
  }

  /**
   * Decide waiting reports, oldest first. One the frontier has come within reach of passes wherever it waits, so an
   * undecided wrong time ahead of it never holds it back while later reports overtake it; a report passed on its
   * votes moves the frontier, and the waiting ones are looked at again.
   */
  private settle(final: boolean): void {
    for (let i = 0; i < this.held.length; ) {
      const h = this.held[i];
      const inReach = this.frontier !== null && h.t <= this.frontier + this.aheadMs;
      const unvoted = h.support + h.refute === 0;
      const confirmed =
        h.support >= this.votes ||
        (final &&
          (h.support > h.refute ||
            (this.frontier === null && h.support === h.refute) ||
            (unvoted && this.frontier !== null && h.t - this.frontier <= this.widestStep)));
      if (inReach || confirmed) {
        this.held.splice(i, 1);
        const before = this.frontier;
        this.letThrough(h.item, h.t);
        if (this.frontier !== before) i = 0;
      } else if (h.refute >= this.votes || final) {
        this.held.splice(i, 1);
        this.verdicts.quarantine(h.item, 'ahead', this.unconfirmed(h));
      } else i++;
    }
  }

  private unconfirmed(h: HeldEntry<T>): string {
    const ahead =
      this.frontier === null
        ? 'ahead of the feed'
        : `${describeGap(h.t - this.frontier)} ahead of the feed's newest accepted time`;
    const voted = h.support + h.refute;
    return voted === 0
      ? `${ahead}, and no later report came to confirm it`
      : `${ahead}; ${h.refute} of the ${voted} reports after it were earlier`;
  }

  private letThrough(item: T, t: number): void {
    if (this.frontier !== null && t < this.frontier - this.horizonMs) {
      this.verdicts.quarantine(
        item,
        'too-old',
        `${describeGap(this.frontier - t)} behind the feed, beyond its ${describeGap(this.horizonMs)} horizon`,
      );
      return;
    }
    if (this.frontier !== null && t > this.frontier) this.widestStep = Math.max(this.widestStep, t - this.frontier);
    if (this.frontier === null || t > this.frontier) this.frontier = t;
    this.verdicts.pass(item);
  }
}

/** How a bad-line report and a dead letter name a quarantined report: `receivedAt: quarantined (ahead): "…" is …`. */
export function quarantineMessage(receivedAt: unknown, reason: QuarantineReason, detail: string): string {
  return `receivedAt: quarantined (${reason}): ${JSON.stringify(receivedAt)} is ${detail}`;
}

/** A time difference as an operator reads it: 40 min, 8.0 h, 3.0 days, 74 years. */
function describeGap(ms: number): string {
  const minutes = ms / MINUTE_MS;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  if (minutes < 730 * 24 * 60) return `${(minutes / 1440).toFixed(1)} days`;
  return `${Math.round(minutes / 525_960)} years`;
}
