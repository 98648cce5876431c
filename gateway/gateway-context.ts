// What every gateway plugin is given: the city, the stream, the store, who may do what, and the feed's clock.
// Plugins receive this object as their options; nothing in the gateway reaches for a module-level singleton.
import type { Registry } from 'prom-client';
import type { Profile } from '../engine/profile/city-profile.ts';
import type { Store } from '../engine/store/index.ts';
import type { Nats } from '../engine/stream/nats-connection.ts';
import type { PipelinedPublisher } from '../engine/stream/pipelined-publisher.ts';
import type { CityClock } from '../engine/time/event-time.ts';
import type { AccessTokens } from './access-tokens.ts';
import type { EngineHealth } from './engine-health.ts';

/**
 * "Now" as the platform means it: the wall clock live; the engine's event time (its watermark) while a feed is
 * replayed or a demo runs, so "today" and "last hour" follow the feed, not the machine.
 */
export interface FeedClock {
  readonly kind: 'wall' | 'event';
  /** Epoch ms. */
  now(): number;
}

export const wallClock: FeedClock = { kind: 'wall', now: () => Date.now() };

export interface GatewayLimits {
  /** Largest request body, bytes (a batch of 1,000 reports of 4,000 characters fits). */
  readonly bodyLimitBytes: number;
  /** Longest report text, characters. */
  readonly maxTextChars: number;
  /** Most reports in one POST /api/reports/batch. */
  readonly batchMax: number;
  /** Requests per minute per token, API key or (unauthenticated) address. */
  readonly rateLimitPerMinute: number;
  /** Requests per minute per address to the open data (/open-data/v1/), which anyone may call without a token. */
  readonly openDataPerMinute: number;
  /** CORS: allowed origins; empty = same origin only. */
  readonly corsOrigins: readonly string[];
  /** The event-time gate's reach (ms) ahead of "now" for reports the gateway takes in. */
  readonly maxAheadMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  bodyLimitBytes: 16 * 1024 * 1024,
  maxTextChars: 4_000,
  batchMax: 1_000,
  rateLimitPerMinute: 6_000,
  openDataPerMinute: 60,
  corsOrigins: [],
  maxAheadMs: 15 * 60_000,
};

export interface GatewayContext {
  readonly profile: Profile;
  readonly clock: CityClock;
  readonly store: Store;
  readonly nats: Nats;
  /**
   * Publishes reports and workflow events; 202 is answered only once JetStream acknowledged. A function given as a
   * message's tag is called with that message's ack (PublishAck: stream, seq, duplicate).
   */
  readonly publisher: PipelinedPublisher;
  readonly access: AccessTokens;
  /** What caller ids are hashed with at intake: the same key as every other process taking reports in. */
  readonly callerKey: Uint8Array;
  readonly feedClock: FeedClock;
  /** The engine processes' readiness reports, followed live. */
  readonly engineHealth: EngineHealth;
  /** The gateway's Prometheus registry; each plugin registers its own metrics here. */
  readonly metrics: Registry;
  readonly limits: GatewayLimits;
}
