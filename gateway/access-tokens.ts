// Who may do what: bearer tokens with a role (viewer for the wall, officer for the workflow, admin) and API keys
// for intake channels (the hotline system, the mailbox, the app). Read from LIZHENG_ACCESS (JSON), else a file;
// on a first start with neither, generated into the data directory (mode 0600) and shown once. Never hard-coded.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { UsageError } from '../engine/errors.ts';

export const ROLES = ['viewer', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const AccessFile = Type.Object({
  tokens: Type.Array(
    Type.Object({
      token: Type.String({ minLength: 16 }),
      role: Type.Union(ROLES.map((r) => Type.Literal(r))),
      name: Type.String({ minLength: 1 }),
    }),
  ),
  apiKeys: Type.Array(
    Type.Object({
      key: Type.String({ minLength: 16 }),
      channel: Type.String({ minLength: 1, description: 'intake channel the key may submit for' }),
      name: Type.String({ minLength: 1 }),
    }),
  ),
});
export type AccessFile = Static<typeof AccessFile>;
const checkAccess = TypeCompiler.Compile(AccessFile);

/** Who a request is: a person's role and name, or an intake channel's key. */
export type Principal =
  | { readonly kind: 'token'; readonly role: Role; readonly name: string }
  | { readonly kind: 'apiKey'; readonly channel: string; readonly name: string };

/** Compare secrets in constant time, so an attacker cannot learn a token byte by byte from response times. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AccessTokens {
  constructor(readonly access: AccessFile) {}

  /** The principal a bearer token or API key belongs to, or null. */
  identify(secret: string): Principal | null {
    for (const t of this.access.tokens) if (sameSecret(t.token, secret)) return { kind: 'token', ...t };
    for (const k of this.access.apiKeys)
      if (sameSecret(k.key, secret)) return { kind: 'apiKey', channel: k.channel, name: k.name };
    return null;
  }

  /** True when `principal` may act with `role`: admin ⊇ officer ⊇ viewer. */
  static allows(principal: Principal | null, role: Role): boolean {
    return principal?.kind === 'token' && ROLES.indexOf(principal.role) >= ROLES.indexOf(role);
  }

  /** The first token of a role (what `lizheng start` prints). */
  tokenFor(role: Role): string | undefined {
    return this.access.tokens.find((t) => t.role === role)?.token;
  }
}

const secret = () => randomBytes(24).toString('base64url');

/** A fresh set: one token per role and one key per default channel. */
export function generateAccess(channels: readonly string[] = ['hotline', 'mailbox', 'web', 'app']): AccessFile {
  return {
    tokens: ROLES.map((role) => ({ token: secret(), role, name: `${role} (generated)` })),
    apiKeys: channels.map((channel) => ({ key: secret(), channel, name: `${channel} intake (generated)` })),
  };
}

function parseAccess(text: string, origin: string): AccessFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`${origin}: not JSON (${(cause as Error).message})`, { cause });
  }
  const first = checkAccess.Errors(json).First();
  if (first) throw new UsageError(`${origin}: ${first.path || '/'}: ${first.message}`);
  return json as AccessFile;
}

export interface LoadedAccess {
  readonly tokens: AccessTokens;
  /** Where they came from, and whether they were generated just now (then `start` prints them). */
  readonly origin: string;
  readonly generated: boolean;
}

/**
 * LIZHENG_ACCESS (the JSON itself), else `file` when it exists, else — when `generate` — a new set written to
 * `file` with mode 0600; else a UsageError saying how to provide them.
 */
export function loadAccess(file: string, options: { generate: boolean; env?: NodeJS.ProcessEnv }): LoadedAccess {
  const env = options.env ?? process.env;
  if (env.LIZHENG_ACCESS)
    return {
      tokens: new AccessTokens(parseAccess(env.LIZHENG_ACCESS, 'LIZHENG_ACCESS')),
      origin: 'LIZHENG_ACCESS',
      generated: false,
    };
  if (existsSync(file))
    return { tokens: new AccessTokens(parseAccess(readFileSync(file, 'utf8'), file)), origin: file, generated: false };
  if (!options.generate)
    throw new UsageError(
      `no access tokens: set LIZHENG_ACCESS or --access FILE (lizheng start generates ${file} on first run)`,
    );
  const access = generateAccess();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(access, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { tokens: new AccessTokens(access), origin: file, generated: true };
}
