// Turning a request's query values into what the store asks for, with the gateway's error answers: a store query's
// bad input becomes a 400 naming the field, and a district or topic may be given by code or Chinese name.
import { QueryInputError } from '../engine/store/store-errors.ts';
import type { GatewayContext } from './gateway-context.ts';
import { GatewayError } from './gateway-errors.ts';

/** A store query's bad input as a 400 naming the field; anything else goes on as it is. */
export async function asked<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    if (!(err instanceof QueryInputError)) throw err;
    const path = `/${err.field}`;
    throw new GatewayError('LZ_INVALID_REQUEST', err.message, [{ path, message: err.message }], { cause: err });
  }
}

/** A 400 for one field, its path and message as every other validation answer has them. */
export function invalidField(field: string, message: string): GatewayError {
  return new GatewayError('LZ_INVALID_REQUEST', `${field}: ${message}`, [{ path: `/${field}`, message }]);
}

/** A district or topic given by code or Chinese name, as its code; a 400 naming the field when unknown. */
export function profileCode(
  ctx: GatewayContext,
  field: 'district' | 'topic',
  value: string | undefined,
): string | null {
  if (value === undefined) return null;
  const found = field === 'district' ? ctx.profile.district(value) : ctx.profile.topic(value);
  if (found) return found.code;
  throw invalidField(field, `unknown ${field} ${JSON.stringify(value)}: expected a code or name from the city profile`);
}
