// Engine checkpoints in a NATS KV bucket: gzip'd JSON (level 1: a quarter of level 6's CPU, which would
// compete with the server for the same two cores, for 12 % more bytes) under one key, written in one put when it fits,
// or as parts under fresh keys plus a manifest written last, so a crash mid-write leaves the previous
// checkpoint readable. A key this store has read (a head: `engine.all`, `count.<district>`, `decide`) is written
// only over the revision it last read or wrote, so a stale owner that lost its lease cannot overwrite a newer one.
import { promisify } from 'node:util';
import { gunzip, gzip, gzipSync } from 'node:zlib';
import type { KV } from '@nats-io/kv';
import { TUNING } from './nats-names.ts';
import { CheckpointConflictError, isWrongRevision } from './stream-errors.ts';
import { CheckpointError, unreadable } from '../checkpoint/checkpoint-errors.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

interface Manifest {
  readonly format: 'lizheng-checkpoint-parts/1';
  readonly id: string;
  readonly parts: number;
  readonly bytes: number;
}

const GZIP_MAGIC = 0x1f;
/** Values up to this size (≈ 1 ms of level-1 gzip) are compressed on the calling thread. */
const SYNC_GZIP_CHARS = 256 * 1024;
const partKey = (key: string, id: string, i: number) => `${key}.parts.${id}.${i}`;

export class CheckpointStore {
  /** Keys that may have parts lying around (known from a load or a save), so inline saves skip the listing. */
  private readonly withParts = new Set<string>();
  /** Revision of each key read or written here (0: read and absent); such keys are written only over it. */
  private readonly revisions = new Map<string, number>();
  /** The last value of a key whose write failed without an answer (it may be stored all the same). */
  private readonly unacknowledged = new Map<string, Uint8Array>();

  constructor(
    private readonly kv: KV,
    private readonly chunkBytes: number = TUNING.checkpointChunkBytes,
  ) {}

  /**
   * Store `json` (already serialised, so the caller captures its state at one instant) under `key`.
   * Returns the compressed size.
   */
  async save(key: string, json: string): Promise<number> {
    // A small value is compressed at once: through the thread pool its completion would wait a turn of an
    // event loop busy with a backlog (≈ 0.5 s each under a replay, for a block that takes 50 µs to compress).
    const packed = new Uint8Array(
      json.length <= SYNC_GZIP_CHARS ? gzipSync(json, { level: 1 }) : await gzipAsync(json, { level: 1 }),
    );
    if (packed.length <= this.chunkBytes) {
      await this.putChecked(key, packed);
      if (this.withParts.delete(key)) await this.dropParts(key, null);
      return packed.length;
    }
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const parts = Math.ceil(packed.length / this.chunkBytes);
    for (let i = 0; i < parts; i++)
      await this.kv.put(partKey(key, id, i), packed.subarray(i * this.chunkBytes, (i + 1) * this.chunkBytes));
    const manifest: Manifest = { format: 'lizheng-checkpoint-parts/1', id, parts, bytes: packed.length };
    await this.putChecked(key, JSON.stringify(manifest));
    this.withParts.add(key);
    await this.dropParts(key, id);
    return packed.length;
  }

  /** The checkpoint under `key`, parsed; null when there is none. Throws CheckpointError when unreadable. */
  async load<T>(key: string): Promise<T | null> {
    const entry = await this.kv.get(key);
    this.revisions.set(key, entry?.revision ?? 0);
    if (entry?.operation !== 'PUT' || entry.value.length === 0) return null;
    if (entry.value[0] !== GZIP_MAGIC) this.withParts.add(key);
    try {
      const packed =
        entry.value[0] === GZIP_MAGIC ? entry.value : await this.joinParts(key, JSON.parse(entry.string()) as Manifest);
      return JSON.parse((await gunzipAsync(packed)).toString('utf8')) as T;
    } catch (cause) {
      if (cause instanceof CheckpointError) throw cause;
      throw unreadable(key, `cannot be read (${(cause as Error).message})`, cause);
    }
  }

  /** Forget one value (a block no checkpoint references any more) and its parts, without listing the bucket. */
  async discard(key: string): Promise<void> {
    await this.kv.purge(key);
    if (this.withParts.delete(key)) await this.dropParts(key, null);
  }

  /** Forget the checkpoint under `key` and every key below it (its parts, its blocks). */
  async remove(key: string): Promise<void> {
    this.revisions.delete(key);
    await this.kv.purge(key);
    for (const k of await this.keysUnder(`${key}.>`)) await this.kv.purge(k);
  }

  /**
   * Put `value` under `key`: over the revision known here when there is one (create when it was absent), else plainly.
   */
  private async putChecked(key: string, value: Uint8Array | string): Promise<void> {
    const known = this.revisions.get(key);
    if (known === undefined) {
      await this.kv.put(key, value);
      return;
    }
    try {
      this.revisions.set(key, known === 0 ? await this.kv.create(key, value) : await this.kv.update(key, value, known));
      this.unacknowledged.delete(key);
    } catch (cause) {
      if (!isWrongRevision(cause)) {
        // The write may have been stored with its ack lost (NATS restarting): remember it, to recognise it below.
        this.unacknowledged.set(key, typeof value === 'string' ? new TextEncoder().encode(value) : value);
        throw cause;
      }
      const ours = this.unacknowledged.get(key);
      const entry = ours ? await this.kv.get(key) : null;
      if (ours && entry && Buffer.compare(Buffer.from(entry.value), Buffer.from(ours)) === 0) {
        this.revisions.set(key, entry.revision);
        this.unacknowledged.delete(key);
        return this.putChecked(key, value);
      }
      throw new CheckpointConflictError(
        `checkpoint ${key} was written by another process since this one read it (revision ${known}): this process ` +
          `is no longer its owner`,
        { cause },
      );
    }
  }

  private async joinParts(key: string, manifest: Manifest): Promise<Uint8Array> {
    if (manifest.format !== 'lizheng-checkpoint-parts/1')
      throw new CheckpointError(`checkpoint ${key}: unknown format ${JSON.stringify(manifest.format)}`);
    const out = new Uint8Array(manifest.bytes);
    let at = 0;
    for (let i = 0; i < manifest.parts; i++) {
      const part = await this.kv.get(partKey(key, manifest.id, i));
      if (part?.operation !== 'PUT')
        throw new CheckpointError(`checkpoint ${key}: part ${i} of ${manifest.parts} is missing`);
      out.set(part.value, at);
      at += part.value.length;
    }
    return out;
  }

  /** Delete parts of `key` other than those of checkpoint `keep` (left over from earlier or interrupted saves). */
  private async dropParts(key: string, keep: string | null): Promise<void> {
    const stale = (await this.keysUnder(`${key}.parts.>`)).filter(
      (k) => keep === null || !k.startsWith(`${key}.parts.${keep}.`),
    );
    for (const k of stale) await this.kv.purge(k);
  }

  private async keysUnder(filter: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const k of await this.kv.keys(filter)) keys.push(k);
    return keys;
  }
}
