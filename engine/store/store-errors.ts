// Named errors of the storage layer, so callers can tell a broken database from a bad row.
import { LizhengError } from '../errors.ts';

/** A statement the database refused; `code` is PostgreSQL's SQLSTATE when there is one. */
export class StoreQueryError extends LizhengError {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, options?: { cause?: unknown }) {
    super(code ? `${message} (SQLSTATE ${code})` : message, options);
    this.code = code;
  }
}

/** A migration that cannot be applied, or an applied one whose file has changed since. */
export class MigrationError extends LizhengError {}

/** Work handed to a store that is closing or closed. */
export class StoreClosedError extends LizhengError {}

/** The embedded database's directory is held by another live process. */
export class DataDirLockedError extends LizhengError {}

/** A query asked with a value it cannot use; `field` names it (the gateway answers 400). */
export class QueryInputError extends LizhengError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
