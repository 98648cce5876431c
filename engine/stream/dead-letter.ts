// Poison messages are acknowledged (so they never block the consumer) and kept: each is republished to
// `intake.dead` with the reason and its origin, so nothing silently disappears.
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../log.ts';
import { HEADERS, SUBJECTS } from './nats-names.ts';
import type { PipelinedPublisher } from './pipelined-publisher.ts';

export class DeadLetters {
  constructor(
    private readonly publisher: PipelinedPublisher,
    private readonly log: Logger,
  ) {}

  /**
   * Republish `msg` to intake.dead. The Nats-Msg-Id is the original stream sequence, so processing the
   * same message again after a restart stores one dead letter, not two.
   */
  reject(msg: JsMsg, reason: string): void {
    this.rejectData(msg.info.stream, msg.subject, msg.seq, msg.data, reason);
  }

  /**
   * reject() for a message no longer at hand: one the event-time gate held (perhaps across a restart) before
   * quarantining it.
   */
  rejectData(stream: string, subject: string, seq: number, data: Uint8Array, reason: string): void {
    this.log.warn({ subject, seq, reason }, `dead letter: ${subject} seq ${seq}: ${reason}`);
    this.publisher.enqueue(SUBJECTS.dead, data, `dead:${stream}:${seq}`, {
      [HEADERS.reason]: reason,
      [HEADERS.origSubject]: subject,
      [HEADERS.origSeq]: String(seq),
    });
  }

  /**
   * Keep a report refused before it was ever published (the gateway's live check of its time): with no stream
   * sequence, its id keys the dead letter, so the same report refused twice is kept once.
   */
  rejectUnpublished(subject: string, id: string, data: Uint8Array, reason: string): void {
    this.log.warn({ subject, id, reason }, `dead letter: ${subject} report ${id}: ${reason}`);
    this.publisher.enqueue(SUBJECTS.dead, data, `dead:report:${id}`, {
      [HEADERS.reason]: reason,
      [HEADERS.origSubject]: subject,
    });
  }
}
