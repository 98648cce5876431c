// One owner per engine role: a lease per role key (`engine.all`, `count.<district>`, `decide`) in the KV
// bucket `lizheng_leases`, taken with a create (fails when present) and renewed with a revision-checked
// update. The bucket's max_age expires the lease of an owner that stopped renewing (kill -9, lost host).
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../log.ts';
import { LEASE_BUCKET } from './nats-names.ts';
import { isProcessAlive } from '../process-alive.ts';
import { LeaseError, StreamError, isWrongRevision } from './stream-errors.ts';

/** Renewed this often; expires this long after the last renewal (4 renewals: a long GC or capture pause survives). */
export const LEASE_RENEW_MS = 2_000;
export const LEASE_TTL_MS = 8_000;

export interface LeaseHolder {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  /** When this holder took the lease (ISO). */
  readonly started: string;
  readonly renewedAt: string;
}

/**
 * Open (creating if needed) the lease bucket: file storage so leases outlive a NATS restart; entries expire after
 * LEASE_TTL_MS.
 */
export async function openLeaseBucket(nc: NatsConnection): Promise<KV> {
  try {
    return await new Kvm(nc).create(LEASE_BUCKET, {
      history: 1,
      storage: StorageType.File,
      ttl: LEASE_TTL_MS,
      description: 'Lizheng engine role leases',
    });
  } catch (cause) {
    throw new StreamError(`cannot open KV bucket ${LEASE_BUCKET}: ${(cause as Error).message}`, { cause });
  }
}

export const describeHolder = (h: LeaseHolder): string =>
  `${h.owner} (pid ${h.pid} on ${h.host}, since ${h.started}, renewed ${h.renewedAt})`;

export interface LeaseOptions {
  /** Wait for a held lease to be released or to expire instead of refusing. */
  readonly wait?: boolean;
  /** Asked while waiting: stop waiting (a signal arrived). */
  readonly cancelled?: () => boolean;
  readonly log: Logger;
}

/** The leases of one process, on every key its role owns. */
export class RoleLeases {
  /** Called once if a lease is lost (another process took the key): the service must stop. */
  onLost: (err: Error) => void = () => {};
  private readonly revisions = new Map<string, number>();
  private readonly started = new Date().toISOString();
  private readonly holder: Omit<LeaseHolder, 'renewedAt' | 'started'>;
  private timer: NodeJS.Timeout | null = null;
  private renewing = false;
  private lost = false;

  private constructor(
    private readonly kv: KV,
    readonly keys: readonly string[],
    private readonly options: LeaseOptions,
  ) {
    const host = hostname();
    this.holder = { owner: `${host}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`, pid: process.pid, host };
  }

  get owner(): string {
    return this.holder.owner;
  }

  /** Every key is still ours (as far as the last renewal knows). */
  get held(): boolean {
    return !this.lost && this.revisions.size === this.keys.length;
  }

  /** Take every key's lease (all or none), then keep renewing them. Throws LeaseError naming the holder. */
  static async acquire(nc: NatsConnection, keys: readonly string[], options: LeaseOptions): Promise<RoleLeases> {
    const leases = new RoleLeases(await openLeaseBucket(nc), keys, options);
    try {
      for (const key of keys) await leases.take(key);
    } catch (err) {
      await leases.release();
      throw err;
    }
    leases.timer = setInterval(() => void leases.renew(), LEASE_RENEW_MS);
    leases.timer.unref();
    return leases;
  }

  private value(): string {
    return JSON.stringify({
      ...this.holder,
      started: this.started,
      renewedAt: new Date().toISOString(),
    } satisfies LeaseHolder);
  }

  private async holderOf(key: string): Promise<LeaseHolder | null> {
    const entry = await this.kv.get(key);
    return entry && entry.operation === 'PUT' ? entry.json<LeaseHolder>() : null;
  }

  private async take(key: string, wait = this.options.wait ?? false): Promise<void> {
    let waiting = false;
    for (;;) {
      try {
        this.revisions.set(key, await this.kv.create(key, this.value()));
        if (waiting) this.options.log.info({ key }, `engine: took over the lease of ${key}`);
        return;
      } catch (err) {
        if (!isWrongRevision(err))
          throw new StreamError(`cannot take the lease of ${key}: ${(err as Error).message}`, { cause: err });
      }
      const entry = await this.kv.get(key);
      const holder = entry && entry.operation === 'PUT' ? entry.json<LeaseHolder>() : null;
      if (!entry || !holder) continue; // released between the create and the read
      if (holder.host === hostname() && !isProcessAlive(holder.pid)) {
        // Its process is gone from this machine (kill -9, a crash): a supervisor's restart must not wait out the TTL.
        // The update is revision-checked, so of two processes starting at once only one takes it.
        try {
          this.revisions.set(key, await this.kv.update(key, this.value(), entry.revision));
          this.options.log.warn(
            { key, holder },
            `engine: took over the lease of ${key} from ${describeHolder(holder)}, which is no longer running`,
          );
          return;
        } catch (err) {
          if (!isWrongRevision(err))
            throw new StreamError(`cannot take the lease of ${key}: ${(err as Error).message}`, { cause: err });
          continue;
        }
      }
      if (!wait) {
        throw new LeaseError(
          `${key} is already run by ${describeHolder(holder)}; stop that process first, or pass --wait-lease to take ` +
            `over once its lease expires (${LEASE_TTL_MS / 1000} s after it stops renewing)`,
        );
      }
      if (!waiting)
        this.options.log.info(
          { key, holder },
          `engine: ${key} is run by ${describeHolder(holder)}; waiting for its lease to be released or to expire`,
        );
      waiting = true;
      if (this.options.cancelled?.()) throw new LeaseError(`stopped while waiting for the lease of ${key}`);
      await sleep(500);
    }
  }

  private async renew(): Promise<void> {
    if (this.renewing) return; // a slow renewal must not race the next one with a stale revision
    this.renewing = true;
    try {
      await this.renewEach();
    } finally {
      this.renewing = false;
    }
  }

  private async renewEach(): Promise<void> {
    for (const key of this.keys) {
      if (this.lost) return;
      const revision = this.revisions.get(key);
      if (revision === undefined) continue;
      try {
        this.revisions.set(key, await this.kv.update(key, this.value(), revision));
      } catch (err) {
        if (!isWrongRevision(err)) {
          // NATS unreachable for a moment: the next renewal tries again (the checkpoints stay revision-checked).
          this.options.log.warn(
            { key, err: (err as Error).message },
            `engine: lease of ${key} not renewed yet (${(err as Error).message})`,
          );
          continue;
        }
        const holder = await this.holderOf(key).catch(() => null);
        if (holder?.owner === this.holder.owner) continue;
        if (!holder) {
          // It expired while NATS was away and nobody took it: take it again.
          await this.take(key, false).catch(() => undefined);
          if (this.revisions.get(key) !== revision) continue;
        }
        this.lost = true;
        this.options.log.error(
          { key, holder },
          `engine: lost the lease of ${key}${holder ? ` to ${describeHolder(holder)}` : ''}`,
        );
        this.onLost(
          new LeaseError(
            `lost the lease of ${key}${holder ? ` to ${describeHolder(holder)}` : ''}; stopping without writing ` +
              `another checkpoint`,
            { cause: err },
          ),
        );
      }
    }
  }

  /** Stop renewing and give the keys up (only those still ours: the delete is revision-checked). */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const [key, revision] of this.revisions) {
      await this.kv.delete(key, { previousSeq: revision }).catch(() => undefined);
    }
    this.revisions.clear();
  }
}
