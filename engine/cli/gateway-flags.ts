// The gateway's limits as flags, shared by `lizheng start` and `lizheng gateway` so both take and check them alike.
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { collect, parseNumberFlag } from './flags.ts';

export interface GatewayLimitFlags {
  cors: string[];
  rateLimit: string;
  openDataRateLimit: string;
  maxText: string;
  bodyLimit: string;
}

/** The limits these flags set, in the shape of gateway/gateway-context.ts GatewayLimits. */
export interface ParsedGatewayLimits {
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly openDataPerMinute: number;
  readonly maxTextChars: number;
  readonly bodyLimitBytes: number;
}

/** Add the limit flags (their defaults are the gateway's: gateway/gateway-context.ts DEFAULT_LIMITS). */
export function addGatewayLimitFlags(command: Command): Command {
  return command
    .option(
      '--cors <origin>',
      'allow browser calls from this origin, e.g. https://wall.example.cn (repeatable)',
      collect,
      [],
    )
    .option('--rate-limit <n>', 'requests a minute per token, API key or (unauthenticated) address', '6000')
    .option('--open-data-rate-limit <n>', 'requests a minute per address to the public open data', '60')
    .option('--max-text <n>', 'longest report text accepted, in characters', '4000')
    .option('--body-limit <MiB>', 'largest request body, MiB (a batch of 1,000 long reports needs ~12)', '16');
}

export function parseGatewayLimits(flags: GatewayLimitFlags): ParsedGatewayLimits {
  for (const origin of flags.cors) {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (url === null || !/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, ''))
      throw new UsageError(`--cors must be an origin like https://wall.example.cn (got ${JSON.stringify(origin)})`);
  }
  return {
    corsOrigins: flags.cors.map((o) => o.replace(/\/$/, '')),
    rateLimitPerMinute: parseNumberFlag('--rate-limit', flags.rateLimit, { min: 1, integer: true }),
    openDataPerMinute: parseNumberFlag('--open-data-rate-limit', flags.openDataRateLimit, { min: 1, integer: true }),
    maxTextChars: parseNumberFlag('--max-text', flags.maxText, { min: 1, max: 100_000, integer: true }),
    bodyLimitBytes: Math.round(
      parseNumberFlag('--body-limit', flags.bodyLimit, { positive: true, max: 1024 }) * 2 ** 20,
    ),
  };
}
