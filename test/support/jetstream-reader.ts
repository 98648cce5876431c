// Reads a whole stream (or the subjects matching a filter) back in stream order, for assertions.
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '../../engine/stream/nats-names.ts';

export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: string;
  readonly headers: Record<string, string>;
}

/** Every message of `stream` matching `filter`, in order, through an ordered consumer. */
export async function readStream(url: string, stream: string, filter = '>'): Promise<StoredMessage[]> {
  const nc: NatsConnection = await connect({ servers: url });
  try {
    const js = jetstream(nc);
    const consumer = await js.consumers.get(stream, { filter_subjects: filter });
    const total = (await consumer.info()).num_pending;
    const out: StoredMessage[] = [];
    if (total === 0) return out;
    const messages = await consumer.consume({ max_messages: 1000 });
    for await (const m of messages) {
      const headers: Record<string, string> = {};
      for (const [k, v] of m.headers ?? []) headers[k] = v[0];
      out.push({ seq: m.seq, subject: m.subject, data: m.string(), headers });
      if (out.length === total) break;
    }
    return out;
  } finally {
    await nc.close();
  }
}

/** The alert events on ALERTS as NDJSON, exactly as `lizheng detect` would print them. */
export async function alertLines(url: string): Promise<string> {
  const messages = await readStream(url, STREAMS.alerts);
  return messages.map((m) => `${m.data}\n`).join('');
}
