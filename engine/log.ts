// The engine's structured log: pino, with levels and fields (`log.warn({ from, to }, 'stream gap')`), so a collector
// can filter and count what a long-running engine says. One line per entry: readable (pino-pretty, no colour) when
// stderr is a terminal, JSON lines otherwise. A command's own result line (the engine's summary) stays plain text.
import type { Logger } from 'pino';

export type { Logger };

/** Importable without loading pino: `lizheng --help` lists them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A logger writing to stderr synchronously, so its lines keep their order with the plain lines a command writes there
 * and none is lost when the process exits. No pid or hostname on each line: the lease log names the holder once.
 */
export async function createLogger(
  level: LogLevel = 'info',
  terminal = process.stderr.isTTY === true,
): Promise<Logger> {
  const { pino } = await import('pino');
  const options = { level, base: undefined };
  if (!terminal) return pino(options, pino.destination({ fd: 2, sync: true }));
  const { default: pretty } = await import('pino-pretty');
  return pino(
    options,
    pretty({ destination: 2, sync: true, colorize: false, singleLine: true, translateTime: 'SYS:HH:MM:ss.l' }),
  );
}
