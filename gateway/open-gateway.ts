// Puts a GatewayContext together from its parts (a NATS connection, a store, a profile and the access tokens) and
// takes it apart again; `lizheng gateway`, `lizheng start` and the tests all open a gateway this way.
import { Registry } from 'prom-client';
import { processCallerKey } from '../engine/privacy/caller-key.ts';
import type { Profile } from '../engine/profile/city-profile.ts';
import type { Store } from '../engine/store/index.ts';
import type { Nats } from '../engine/stream/nats-connection.ts';
import { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import { openHealthBucket } from '../engine/stream/stream-setup.ts';
import { CityClock } from '../engine/time/event-time.ts';
import type { AccessTokens } from './access-tokens.ts';
import { buildGateway, type Gateway, type GatewayOptions } from './build-gateway.ts';
import { EngineHealth } from './engine-health.ts';
import { DEFAULT_LIMITS, wallClock, type GatewayContext, type GatewayLimits } from './gateway-context.ts';

export interface GatewayParts {
  readonly profile: Profile;
  readonly nats: Nats;
  readonly store: Store;
  readonly access: AccessTokens;
  readonly limits?: Partial<GatewayLimits>;
  /** What caller ids are hashed with (engine/privacy/caller-key.ts); by default this process's own key. */
  readonly callerKey?: Uint8Array;
  /** `event`: "now" is the engine's event time (replay, demo); `wall` (default): the machine's clock. */
  readonly clock?: 'wall' | 'event';
}

export interface OpenGateway {
  readonly app: Gateway;
  readonly ctx: GatewayContext;
  /** Close the HTTP server and the gateway's own publisher and watch; the NATS connection and store stay open. */
  close(): Promise<void>;
}

export async function openGateway(parts: GatewayParts, options: GatewayOptions = {}): Promise<OpenGateway> {
  const engineHealth = await EngineHealth.follow(await openHealthBucket(parts.nats.nc));
  // A message's tag, when a function, is called with its ack: the intake answers `duplicate` from it.
  const publisher = new PipelinedPublisher(parts.nats.nc, {
    onAck: (ack, tag) => (typeof tag === 'function' ? tag(ack) : undefined),
  });
  const ctx: GatewayContext = {
    profile: parts.profile,
    clock: new CityClock(parts.profile.timezone),
    store: parts.store,
    nats: parts.nats,
    publisher,
    access: parts.access,
    callerKey: parts.callerKey ?? processCallerKey(),
    feedClock: parts.clock === 'event' ? engineHealth.eventClock() : wallClock,
    engineHealth,
    metrics: new Registry(),
    limits: { ...DEFAULT_LIMITS, ...parts.limits },
  };
  const app = await buildGateway(ctx, options);
  return {
    app,
    ctx,
    async close() {
      try {
        await app.close();
        await publisher.flush();
      } finally {
        publisher.close();
        engineHealth.stop();
      }
    },
  };
}
