// Publishes a historical feed to INTAKE the way live intake would: validated, settled and enriched once, by the
// same edge code as `lizheng detect`, and published as a settled report (schemas/settled-report.ts) on the subject
// of its district and topic, so the engine never runs text understanding again; each report with its
// original event time, stamped with the newest event time so far (the source watermark), paced at N×
// real time or as fast as the server acks. Districts that fall silent get clock markers, and every
// district gets an end-of-feed marker, so partitioned engines close their minutes exactly as one would.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Intake } from '../intake/intake.ts';
import { MAX_LINE_BYTES, type NdjsonLine } from '../intake/read-ndjson.ts';
import { PartialInputError } from '../errors.ts';
import { quoteInput } from '../echo-input.ts';
import { UNKNOWN, type Report } from '../intake/report.ts';
import { clockEnvelope, intakeEnvelope, settledReport, type OutgoingIntake } from './intake-message.ts';
import { TUNING } from './nats-names.ts';
import type { PipelinedPublisher } from './pipelined-publisher.ts';
import { unitCodes } from './service-lifecycle.ts';
import { EventTimeGate, quarantineMessage, type EventTimeGateOptions } from '../time/event-time-gate.ts';

export interface ReplayOptions {
  /** Event-time speed-up (1 = real time); Infinity publishes as fast as the server acks. */
  readonly speed: number;
  readonly clockEveryMs?: number;
  /** A line that is not published: its number and the reason. */
  readonly onReject: (message: string) => void;
  /** Called every few hundred lines with the reports published so far. */
  readonly onProgress?: (reports: number) => void;
  /**
   * The server's max_payload (headers and body); a report whose message would be larger is rejected, not resent
   * forever.
   */
  readonly maxPayloadBytes?: number;
  /**
   * The event-time gate the engine runs too: a time far ahead of the feed is confirmed by later reports or rejected.
   */
  readonly gate?: EventTimeGateOptions;
}

export interface ReplayTally {
  lines: number;
  /** Reports handed to the publisher (stored or recognised as duplicates). */
  reports: number;
  rejected: number;
  /** Rejected lines whose report was valid but whose event time the feed did not confirm (among `rejected`). */
  quarantined: number;
  markers: number;
}

/** The publisher tag of each message, so acks can be told apart. */
export type PublishedKind = 'report' | 'marker';

const encoder = new TextEncoder();
/** Bytes of max_payload kept for a report's headers (Nats-Msg-Id of at most 128 characters, source time). */
export const HEADER_ROOM = 1024;

/**
 * The batches of `input` until reading breaks off part way: the break goes to `onBreak` and the feed ends there,
 * so what was read is published and the feed closed with its end markers as usual.
 */
async function* untilBreak<T>(input: AsyncIterable<T>, onBreak: (err: PartialInputError) => void): AsyncGenerator<T> {
  try {
    yield* input;
  } catch (err) {
    if (!(err instanceof PartialInputError)) throw err;
    onBreak(err);
  }
}

export class FeedReplayer {
  readonly tally: ReplayTally = { lines: 0, reports: 0, rejected: 0, quarantined: 0, markers: 0 };
  /** Publishing a time far ahead of the feed would stamp it as every partition's source time: the gate comes first. */
  private readonly gate: EventTimeGate<{ report: Report; line: number }>;
  /** Reports the gate let through, in its order, not yet published. */
  private ready: Report[] = [];
  /** Newest event time published so far. */
  private sourceTime = -Infinity;
  /** Per district, the source time of the last message on its subjects. */
  private readonly lastSent = new Map<string, number>();
  private nextClockCheck = -Infinity;
  private pace: { wall: number; event: number } | null = null;
  private readonly clockEveryMs: number;
  private readonly units: string[];

  constructor(
    private readonly publisher: PipelinedPublisher,
    private readonly intake: Intake,
    private readonly options: ReplayOptions,
  ) {
    this.clockEveryMs = options.clockEveryMs ?? TUNING.clockEveryMs;
    this.units = unitCodes(intake.profile);
    this.gate = new EventTimeGate(options.gate ?? {}, {
      pass: ({ report }) => this.ready.push(report),
      quarantine: ({ report, line }, reason, detail) => {
        this.tally.quarantined++;
        this.reject(`line ${line}: ${quarantineMessage(report.raw.receivedAt, reason, detail)}`);
      },
    });
  }

  /**
   * Publish every line of `input` (batches of lines, as NdjsonInput.batches gives them: each batch is validated
   * and enriched together, Intake.acceptLines), then the end-of-feed markers; resolves when all are stored.
   */
  async run(input: AsyncIterable<readonly NdjsonLine[]>): Promise<ReplayTally> {
    let broken: PartialInputError | null = null;
    for await (const lines of untilBreak(input, (err) => (broken = err))) {
      const answers = this.intake.acceptLines(lines);
      for (let i = 0; i < answers.length; i++) {
        const answer = answers[i];
        this.tally.lines++;
        if (typeof answer === 'string') this.reject(answer);
        else this.gate.offer({ report: answer, line: lines[i].line }, answer.t);
        await this.publishReady();
        if ((this.tally.lines & 511) === 0) this.options.onProgress?.(this.tally.reports);
      }
    }
    this.gate.flush();
    await this.publishReady();
    const end = Number.isFinite(this.sourceTime) ? this.sourceTime : 0;
    for (const district of this.units) await this.send(clockEnvelope(district, end, true), null);
    await this.publisher.flush();
    this.options.onProgress?.(this.tally.reports);
    if (broken) throw broken;
    return this.tally;
  }

  private async publishReady(): Promise<void> {
    if (this.ready.length === 0) return;
    const ready = this.ready;
    this.ready = [];
    for (const report of ready) await this.publish(report);
  }

  private async publish(report: Report): Promise<void> {
    // Settled here, once: the engine reads this envelope back into the same Report detect has.
    const body = JSON.stringify(settledReport(report));
    const bytes = Buffer.byteLength(body);
    const room = (this.options.maxPayloadBytes ?? MAX_LINE_BYTES) - HEADER_ROOM;
    if (bytes > room)
      return this.reject(
        `report ${quoteInput(report.id)}: its message would be ${bytes} bytes, over the ${room} the server's ` +
          `max_payload leaves`,
      );
    await this.wait(report.t);
    this.sourceTime = Math.max(this.sourceTime, report.t);
    this.tally.reports++;
    await this.send(intakeEnvelope(report, this.sourceTime), body);
    this.lastSent.set(report.district ?? UNKNOWN, this.sourceTime);
    if (this.sourceTime >= this.nextClockCheck) await this.clocks();
  }

  /** Clock markers for districts silent for `clockEveryMs` of event time; checked once an event minute. */
  private async clocks(): Promise<void> {
    this.nextClockCheck = this.sourceTime + 60_000;
    for (const district of this.units) {
      if (this.sourceTime - (this.lastSent.get(district) ?? -Infinity) < this.clockEveryMs) continue;
      await this.send(clockEnvelope(district, this.sourceTime, false), null);
      this.lastSent.set(district, this.sourceTime);
    }
  }

  private async send(out: OutgoingIntake, body: string | null): Promise<void> {
    if (body === null) this.tally.markers++;
    const tag: PublishedKind = body === null ? 'marker' : 'report';
    await this.publisher.publish(
      out.subject,
      body === null ? new Uint8Array(0) : encoder.encode(body),
      out.msgId,
      out.headers,
      tag,
    );
  }

  /** At N× speed, hold a report until its event time, scaled, has come on the wall clock. */
  private async wait(t: number): Promise<void> {
    if (!Number.isFinite(this.options.speed)) return;
    this.pace ??= { wall: performance.now(), event: t };
    const due = this.pace.wall + (t - this.pace.event) / this.options.speed;
    const ahead = due - performance.now();
    if (ahead > 2) await sleep(ahead);
  }

  private reject(message: string): void {
    this.tally.rejected++;
    this.options.onReject(message);
  }
}
