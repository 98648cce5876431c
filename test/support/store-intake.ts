// What the engine with --store does with what INTAKE holds, for gateway tests that run no engine: every settled
// report read back from the stream and written to the gateway's store.
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { readIntake } from '../../engine/stream/intake-message.ts';
import { STREAMS } from '../../engine/stream/nats-names.ts';
import type { GatewayHarness } from './gateway-harness.ts';
import { readStream } from './jetstream-reader.ts';

export async function storeIntake(h: GatewayHarness): Promise<void> {
  const profile = loadProfile('chengdu');
  const messages = await readStream(h.nats.server.url, STREAMS.intake);
  const reports = messages.map((m) => {
    const incoming = readIntake(
      { subject: m.subject, data: new TextEncoder().encode(m.data), headers: undefined } as never,
      profile,
      false,
    );
    if (incoming.kind !== 'report') throw new Error(`not a report: ${JSON.stringify(incoming)}`);
    return incoming.report;
  });
  await h.gateway.ctx.store.writer.writeReports(reports);
  await h.gateway.ctx.store.writer.flush();
}
