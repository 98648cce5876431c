// Is the gateway alive (/health), can it do its job (/ready: NATS, the store, the engine's lag and checkpoint
// age), and its Prometheus metrics (/metrics, prom-client) — what a load balancer and an operator ask.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import { isCheckpointFresh } from '../../engine/stream/readiness.ts';
import type { GatewayContext } from '../gateway-context.ts';

interface Check {
  readonly name: 'nats' | 'store' | 'engine';
  readonly ok: boolean;
  readonly detail: string;
}

async function checks(ctx: GatewayContext): Promise<Check[]> {
  const nats = ctx.nats.nc.isClosed()
    ? { ok: false, detail: 'connection closed' }
    : { ok: true, detail: ctx.nats.nc.getServer() };
  const store = await ctx.store.sql
    .query('SELECT 1')
    .then(() => ({ ok: true, detail: ctx.store.describe }))
    .catch((err: Error) => ({ ok: false, detail: err.message }));
  const engines = ctx.engineHealth.current();
  const engine =
    engines.length === 0
      ? { ok: false, detail: 'no engine has reported in the last minute' }
      : {
          ok: engines.every((r) => r.ready && isCheckpointFresh(r.lastCheckpointAgeMs)),
          detail: engines
            .map((r) => `${r.role}: lag ${r.lagMessages}, checkpoint ${Math.round(r.lastCheckpointAgeMs / 1000)} s ago`)
            .join('; '),
        };
  return [
    { name: 'nats', ...nats },
    { name: 'store', ...store },
    { name: 'engine', ...engine },
  ];
}

export default async function serviceHealth(app: FastifyInstance, ctx: GatewayContext): Promise<void> {
  collectDefaultMetrics({ register: ctx.metrics, prefix: 'lizheng_gateway_' });
  new Gauge({
    name: 'lizheng_engine_lag_messages',
    help: 'Messages the server still holds for the engine, by engine role',
    labelNames: ['role'],
    registers: [ctx.metrics],
    collect() {
      this.reset();
      for (const r of ctx.engineHealth.current()) this.set({ role: r.role }, r.lagMessages);
    },
  });

  app.get('/health', { schema: { hide: true } }, async () => ({
    status: 'ok',
    feedTime: new Date(ctx.feedClock.now()).toISOString(),
  }));

  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const results = await checks(ctx);
    const ready = results.every((c) => c.ok);
    reply.code(ready ? 200 : 503);
    return { ready, checks: results, engines: ctx.engineHealth.current() };
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(ctx.metrics.contentType);
    return ctx.metrics.metrics();
  });
}
