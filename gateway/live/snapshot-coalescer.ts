// However fast minutes and alerts arrive, a snapshot is built and sent at most once per interval: every change
// marks the state dirty, and one build covers all the changes since the last. Clients get each broadcast, so
// none receives more than one per interval (plus the one it is given on connecting).
export interface CoalescerOptions<T> {
  /** Shortest time between two builds, ms (500: at most two a second). */
  readonly intervalMs: number;
  readonly build: () => Promise<T>;
  readonly publish: (value: T) => void;
  /** A build failed (the store was unreachable): reported, and the next change tries again. */
  readonly onError: (err: unknown) => void;
}

export class SnapshotCoalescer<T> {
  private dirty = false;
  private building = false;
  private timer: NodeJS.Timeout | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;
  private last: T | null = null;

  constructor(private readonly options: CoalescerOptions<T>) {}

  /** The latest snapshot published, or null before the first. */
  get latest(): T | null {
    return this.last;
  }

  /** Something changed: a snapshot will follow, as soon as the interval allows. */
  poke(): void {
    if (this.closed) return;
    this.dirty = true;
    this.schedule();
  }

  /** Build one now, outside the cadence (a client connected before any snapshot existed); not published. */
  async current(): Promise<T> {
    return this.last ?? this.options.build();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.building || this.timer || !this.dirty) return;
    const wait = Math.max(0, this.lastStart + this.options.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
  }

  private async run(): Promise<void> {
    if (this.closed) return;
    this.dirty = false;
    this.building = true;
    this.lastStart = Date.now();
    try {
      const value = await this.options.build();
      if (!this.closed) {
        this.last = value;
        this.options.publish(value);
      }
    } catch (err) {
      this.options.onError(err);
    } finally {
      this.building = false;
      this.schedule();
    }
  }
}
