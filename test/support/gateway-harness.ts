// A gateway on real services for a test file: a private nats-server with the streams, an in-memory PGlite store
// (or PostgreSQL in a fresh schema), generated tokens; `inject` for routes, `listen` for socket clients.
import { afterAll, beforeAll } from 'vitest';
import { generateAccess, AccessTokens } from '../../gateway/access-tokens.ts';
import type { GatewayLimits } from '../../gateway/gateway-context.ts';
import { openGateway, type OpenGateway } from '../../gateway/open-gateway.ts';
import { loadProfile } from '../../engine/profile/city-profile.ts';
import { disposeTestStore, openTestStore, type Backend } from '../store-fixtures.ts';
import { usePrivateNats, type PrivateNats } from './nats-server.ts';

export interface GatewayHarness {
  readonly nats: PrivateNats;
  gateway: OpenGateway;
  tokens: AccessTokens;
  /** `Authorization` header of each role, and an intake key's `X-Api-Key`. */
  auth: {
    viewer: Record<string, string>;
    officer: Record<string, string>;
    admin: Record<string, string>;
    intake: Record<string, string>;
  };
}

export function useGateway(
  options: { backend?: Backend; limits?: Partial<GatewayLimits>; clock?: 'wall' | 'event' } = {},
): GatewayHarness {
  const nats = usePrivateNats({ streams: true });
  const backend = options.backend ?? 'pglite';
  const h = { nats } as GatewayHarness;
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    opened = await openTestStore(backend);
    h.tokens = new AccessTokens(generateAccess());
    const bearer = (role: 'viewer' | 'officer' | 'admin') => ({ authorization: `Bearer ${h.tokens.tokenFor(role)}` });
    h.auth = {
      viewer: bearer('viewer'),
      officer: bearer('officer'),
      admin: bearer('admin'),
      intake: { 'x-api-key': h.tokens.access.apiKeys[0].key },
    };
    h.gateway = await openGateway({
      profile: loadProfile('chengdu'),
      nats: nats.nats,
      store: opened.store,
      access: h.tokens,
      limits: options.limits,
      clock: options.clock,
    });
  });
  afterAll(async () => {
    await h.gateway?.close();
    if (opened) await disposeTestStore(opened, backend);
  });
  return h;
}
