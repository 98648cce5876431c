// Named errors of the NATS pipeline, so the CLI can tell "NATS is down" from "a message is bad".
import { LizhengError } from '../errors.ts';

/** NATS or JetStream could not be reached or refused an operation the pipeline needs. */
export class StreamError extends LizhengError {}

/** A checkpoint in the KV bucket that cannot be read back (corrupt, partial, or of another version). */
export class CheckpointError extends LizhengError {}
