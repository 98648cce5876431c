// The one catalogue of the gateway's error codes and their HTTP status (as Fastify keeps FST_ERR_*): clients
// branch on `code`, which never changes meaning; `message` is for people and may be reworded.

/** Every error a client can receive, with its HTTP status. Add codes; never reuse or renumber one. */
export const ERROR_CODES = {
  LZ_INVALID_REQUEST: 400,
  LZ_INVALID_REPORT: 400,
  LZ_BATCH_TOO_LARGE: 400,
  LZ_UNAUTHORIZED: 401,
  LZ_FORBIDDEN: 403,
  LZ_NOT_FOUND: 404,
  LZ_ALERT_NOT_FOUND: 404,
  LZ_REPORT_NOT_FOUND: 404,
  LZ_METHOD_NOT_ALLOWED: 405,
  LZ_TRANSITION_REFUSED: 409,
  LZ_PAYLOAD_TOO_LARGE: 413,
  LZ_UNSUPPORTED_MEDIA_TYPE: 415,
  LZ_REPORT_QUARANTINED: 422,
  LZ_RATE_LIMITED: 429,
  LZ_INTERNAL: 500,
  LZ_STREAM_UNAVAILABLE: 503,
  LZ_STORE_UNAVAILABLE: 503,
  LZ_DASHBOARD_NOT_BUILT: 503,
  LZ_PDF_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One offending field: a JSON pointer-like path (`/text`, `/items/3/receivedAt`) and what is wrong with it. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly errors?: readonly FieldError[];
}

/** An error the gateway answers with its catalogued status; `cause` keeps what went wrong underneath. */
export class GatewayError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: readonly FieldError[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayError';
    this.statusCode = ERROR_CODES[code];
  }

  body(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }
}
