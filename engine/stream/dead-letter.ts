// Poison messages are acknowledged (so they never block the consumer) and kept: each is republished to
// `intake.dead` with the reason and its origin, so nothing silently disappears.
import type { JsMsg } from '@nats-io/jetstream';
import { HEADERS, SUBJECTS } from './nats-names.ts';
import type { PipelinedPublisher } from './pipelined-publisher.ts';

export class DeadLetters {
  constructor(private readonly publisher: PipelinedPublisher, private readonly log: (line: string) => void = () => {}) {}

  /**
   * Republish `msg` to intake.dead. The Nats-Msg-Id is the original stream sequence, so processing the
   * same message again after a restart stores one dead letter, not two.
   */
  reject(msg: JsMsg, reason: string): void {
    this.log(`dead letter: ${msg.subject} seq ${msg.seq}: ${reason}`);
    this.publisher.enqueue(SUBJECTS.dead, msg.data, `dead:${msg.info.stream}:${msg.seq}`, {
      [HEADERS.reason]: reason,
      [HEADERS.origSubject]: msg.subject,
      [HEADERS.origSeq]: String(msg.seq),
    });
  }
}
