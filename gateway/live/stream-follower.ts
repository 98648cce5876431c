// Reads a stream with an ordered consumer: ephemeral, no acks, recreated by the client after a gap or a server
// restart, so any number of gateways can each follow ALERTS and SERIES without sharing or coordinating anything.
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';

export interface FollowOptions {
  readonly stream: string;
  readonly filter: string;
  /** First sequence to deliver (one past the stream's last for only what is published from now on). */
  readonly from: number;
  /** Called for every message in stream order; a throw is reported to onError and the next message follows. */
  readonly onMessage: (msg: JsMsg) => void;
  readonly onError: (err: unknown, msg: JsMsg) => void;
}

export class StreamFollower {
  private constructor(
    private readonly messages: ConsumerMessages,
    readonly done: Promise<void>,
  ) {}

  static async follow(js: JetStreamClient, options: FollowOptions): Promise<StreamFollower> {
    const consumer = await js.consumers.get(options.stream, {
      filter_subjects: options.filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, options.from),
    });
    const messages = await consumer.consume();
    const done = (async () => {
      for await (const msg of messages) {
        try {
          options.onMessage(msg);
        } catch (err) {
          options.onError(err, msg);
        }
      }
    })();
    return new StreamFollower(messages, done);
  }

  async stop(): Promise<void> {
    await this.messages.close();
    await this.done;
  }
}
