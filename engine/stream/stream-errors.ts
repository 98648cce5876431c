// Named errors of the NATS pipeline, so the CLI can tell "NATS is down" from "a message is bad".
import { LizhengError } from '../errors.ts';

/** NATS or JetStream could not be reached or refused an operation the pipeline needs. */
export class StreamError extends LizhengError {}

/** A checkpoint in the KV bucket that cannot be read back (corrupt, partial, or of another version). */
export class CheckpointError extends LizhengError {}

/** A checkpoint key was written by another process since this one read or wrote it: this process is a stale owner. */
export class CheckpointConflictError extends CheckpointError {}

/** Another live process holds the lease of an engine role (or this process lost its own). */
export class LeaseError extends StreamError {}
