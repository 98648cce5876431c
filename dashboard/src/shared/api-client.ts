// The gateway's REST API from the browser: the bearer token on every request, and a refusal as a typed error
// carrying the gateway's catalogue body ({code, message, errors}) so a view can name the offending field.
import type { ErrorBody } from '../../../gateway/gateway-errors.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: NonNullable<ErrorBody['errors']>;
  constructor(status: number, body: Partial<ErrorBody>, options?: { cause?: unknown }) {
    super(body.message ?? `HTTP ${status}`, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'LZ_INTERNAL';
    this.errors = body.errors ?? [];
  }
}

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly base = '',
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, { code: 'LZ_STREAM_UNAVAILABLE', message: 'the gateway cannot be reached' }, { cause });
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch (cause) {
      throw new ApiError(response.status, { message: `not JSON from ${path}: ${text.slice(0, 80)}` }, { cause });
    }
    if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Partial<ErrorBody>);
    return parsed as T;
  }
}
