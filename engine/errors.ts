// Named error classes, each keeping its `cause`, so callers can tell bad input from broken infrastructure.

export class LizhengError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A city profile that cannot be read or does not match the schema. */
export class ProfileError extends LizhengError {}

/** One intake report that breaks the contract; `field` names what is wrong. */
export class ReportError extends LizhengError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}

/** A command-line flag with a value the command cannot use. */
export class UsageError extends LizhengError {}

/** Input that cannot be read at all (missing file, unreadable stream). */
export class InputError extends LizhengError {}

/**
 * Input that broke off part way (a truncated .gz, a read error): every line up to `lastLine` was read and
 * delivered, the rest is lost. Commands finish what they read and exit 1 rather than throw it all away.
 */
export class PartialInputError extends InputError {
  readonly lastLine: number;
  constructor(message: string, lastLine: number, options?: { cause?: unknown }) {
    super(message, options);
    this.lastLine = lastLine;
  }
}
