// One exit-code policy for every subcommand, so a script or a supervisor can tell a finished run from a
// partly processed input, a mistake in the invocation, and a bug.

export const EXIT = {
  /** Done: everything the input held was processed (bad lines are reported, counted and skipped). */
  ok: 0,
  /**
   * Partial failure: what was read was processed, but reading broke off (a truncated file) or nothing read was valid.
   */
  partial: 1,
  /** Nothing to trust was done: bad usage or config, unreadable input, a service that cannot be reached. */
  usage: 2,
  /** A bug: an unexpected error, printed with its stack. */
  internal: 3,
} as const;

/** The policy as `lizheng --help` and the README state it. */
export const EXIT_CODES_HELP = `Exit codes (every command):
  0  success (bad input lines are reported on stderr, counted and skipped)
  1  partial failure: what was read was processed, but reading broke off (e.g. a truncated .gz)
     or no line of the input was a valid report
  2  bad usage (unknown command or option, bad value, missing option, bad config file),
     unreadable input, or a service (NATS, PostgreSQL) that cannot be reached
  3  internal error (a bug): the stack trace is on stderr`;

/**
 * Says on stderr what part of the input was lost and makes the process exit 1 once the command has
 * finished processing the rest (a code already set higher is kept).
 */
export function reportPartialFailure(message: string): void {
  process.stderr.write(`lizheng: ${message}\n`);
  if (Number(process.exitCode ?? 0) < EXIT.partial) process.exitCode = EXIT.partial;
}
