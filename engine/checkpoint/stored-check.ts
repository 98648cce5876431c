// A restore reads only what the current version's schema allows: checked here before any of it reaches a domain
// class, so an old, partial or corrupt checkpoint stops the engine instead of resuming it with wrong state.
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { unreadable } from './checkpoint-errors.ts';

/** Compiled once per schema: a whole-city head is checked in one pass over up to a hundred megabytes. */
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * `value` as the schema's type, or a CheckpointError naming checkpoint `key`, the part read (`what`, e.g. a block),
 * and the first place that does not fit.
 */
export function checkStored<S extends TSchema>(key: string, schema: S, value: unknown, what = ''): Static<S> {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = TypeCompiler.Compile(schema)));
  if (check.Check(value)) return value as Static<S>;
  const error = check.Errors(value).First();
  const where = error?.path ? `at ${error.path}` : 'at its top';
  throw unreadable(key, `${what ? `${what} ` : ''}${where}: ${error?.message ?? 'does not fit'}`);
}

/** `head` checked first for its version (the one this engine writes), then against its schema. */
export function checkHead<S extends TSchema>(key: string, schema: S, head: unknown, version: number): Static<S> {
  const found = typeof head === 'object' && head !== null && 'version' in head ? head.version : undefined;
  if (found === undefined) throw unreadable(key, 'has no version: it is not a checkpoint of this engine');
  if (found !== version) throw unreadable(key, `version ${JSON.stringify(found)} is not this engine's (${version})`);
  return checkStored(key, schema, head);
}
