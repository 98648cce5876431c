// Checkpoints that write what was added, not the whole state: a long list that only grows (a generation of ids,
// an open minute) is cut into blocks, and each full block is written once under its own key and only referenced
// after that; a closed minute's windows are written once the same way. The head that references them stays small.

/** Items in one block of a list. */
export const BLOCK_ITEMS = 16_384;

/** A list as a head holds it: the keys of its full blocks, then what follows them, both encoded. */
export interface BlockedList<E> {
  readonly blocks: string[];
  readonly tail: E;
}

/**
 * Where an encoder puts long lists and immutable values when they are stored apart from the head (the whole-city
 * engine).
 */
export interface BlockSink {
  /**
   * `items` as full blocks plus a tail, each encoded by `encode` (given a fresh copy of its slice, which it may
   * keep). `name` must belong to this list alone, and the list must only ever grow: a block, once written, is
   * never written again.
   */
  list<T, E>(name: string, items: readonly T[], encode: (slice: T[]) => E): BlockedList<E>;
  /** The key of an immutable value called `name`; `compute` runs only if it has not been written yet. */
  value(name: string, compute: () => unknown): string;
}

/**
 * What one capture must write (blocks first), every key its head references, and the keys nothing references any more.
 */
export interface BlockChanges {
  readonly writes: Array<[key: string, json: string]>;
  readonly referenced: string[];
  readonly removes: string[];
}

/**
 * The BlockSink of one checkpoint key, across captures: it remembers which blocks are written (or queued), and
 * after each capture hands over the new ones and those no longer referenced.
 * @example
 * const sink = new BlockWriter('engine.all.blocks', [], 2);
 * sink.list('ids.7', ['a', 'b', 'c'], (s) => s); // → { blocks: ['engine.all.blocks.ids.7.0'], tail: ['c'] }
 * sink.take().writes; // → [['engine.all.blocks.ids.7.0', '["a","b"]']]
 */
export class BlockWriter implements BlockSink {
  private readonly written: Set<string>;
  private referenced = new Set<string>();
  private writes: Array<[string, string]> = [];

  /** `restored`: the keys the restored head references, which are stored already. */
  constructor(
    private readonly prefix: string,
    restored: Iterable<string> = [],
    private readonly blockItems = BLOCK_ITEMS,
  ) {
    this.written = new Set(restored);
  }

  list<T, E>(name: string, items: readonly T[], encode: (slice: T[]) => E): BlockedList<E> {
    const n = this.blockItems;
    const full = Math.floor(items.length / n);
    const blocks: string[] = [];
    for (let i = 0; i < full; i++)
      blocks.push(this.value(`${name}.${i}`, () => encode(items.slice(i * n, (i + 1) * n))));
    return { blocks, tail: encode(items.slice(full * n)) };
  }

  value(name: string, compute: () => unknown): string {
    const key = `${this.prefix}.${name}`;
    this.referenced.add(key);
    if (!this.written.has(key)) {
      this.written.add(key);
      this.writes.push([key, JSON.stringify(compute())]);
    }
    return key;
  }

  /** End one capture: its new blocks, what it referenced, and what is no longer referenced (forgotten here). */
  take(): BlockChanges {
    const removes = [...this.written].filter((key) => !this.referenced.has(key));
    for (const key of removes) this.written.delete(key);
    const changes = { writes: this.writes, referenced: [...this.referenced], removes };
    this.writes = [];
    this.referenced = new Set();
    return changes;
  }
}
