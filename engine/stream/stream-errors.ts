// Named errors of the NATS pipeline, so the CLI can tell "NATS is down" from "a message is bad".
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { LizhengError } from '../errors.ts';
import { CheckpointError } from '../checkpoint/checkpoint-errors.ts';

/** NATS or JetStream could not be reached or refused an operation the pipeline needs. */
export class StreamError extends LizhengError {}

/** A checkpoint key was written by another process since this one read or wrote it: this process is a stale owner. */
export class CheckpointConflictError extends CheckpointError {}

/** Another live process holds the lease of an engine role (or this process lost its own). */
export class LeaseError extends StreamError {}

/**
 * JetStream's error code for a stream name taken with another configuration (NATS' JSStreamNameExistErr);
 * `JetStreamApiCodes` does not list it.
 */
export const STREAM_NAME_IN_USE = 10058;

/**
 * The server refused a JetStream API call with one of these error codes (never matched on the message, which servers
 * reword).
 */
export const isApiError = (err: unknown, ...codes: number[]): boolean =>
  err instanceof JetStreamApiError && codes.includes(err.code);

/** A revision-checked KV write found another revision: someone else wrote the key since this process last did. */
export const isWrongRevision = (err: unknown): boolean =>
  isApiError(err, JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown);
