// Reading back the blocks a head references (block-writer.ts): every one is fetched before the restore begins, and
// each is checked against the schema of what it should hold when it is read, so a missing or damaged block stops
// the restore with its key named.
import type { Static, TSchema } from '@sinclair/typebox';
import type { BlockedList } from './block-writer.ts';
import { unreadable, type CheckpointError } from './checkpoint-errors.ts';
import { checkStored } from './stored-check.ts';

/** Values fetched at once while loading a head's blocks. */
const IN_FLIGHT = 32;

/** The blocks of one head, already fetched; `read` checks a block against `schema` and gives it typed. */
export class BlockReader {
  /** `head`: the key of the checkpoint the blocks belong to, for the errors. */
  constructor(
    private readonly head: string,
    private readonly blocks: ReadonlyMap<string, unknown>,
  ) {}

  /** Fetch every block in `keys` with `load` (null: missing), IN_FLIGHT at a time. */
  static async load(
    head: string,
    keys: readonly string[],
    load: (key: string) => Promise<unknown>,
  ): Promise<BlockReader> {
    const blocks = new Map<string, unknown>();
    const fetch = async (key: string): Promise<void> => {
      const value = await load(key);
      if (value === null) throw unreadable(head, `block ${key} is missing`);
      blocks.set(key, value);
    };
    for (let i = 0; i < keys.length; i += IN_FLIGHT) await Promise.all(keys.slice(i, i + IN_FLIGHT).map(fetch));
    return new BlockReader(head, blocks);
  }

  /** A head with no blocks: any reference to one is an error. */
  static none(head: string): BlockReader {
    return new BlockReader(head, new Map());
  }

  /** The error for something wrong in this head's content that its schema cannot see. */
  error(problem: string): CheckpointError {
    return unreadable(this.head, problem);
  }

  read<S extends TSchema>(key: string, schema: S): Static<S> {
    if (!this.blocks.has(key)) throw unreadable(this.head, `block ${key} is referenced but not listed in its blocks`);
    return checkStored(this.head, schema, this.blocks.get(key), `block ${key}`);
  }

  /** The encoded chunks of a list written by BlockSink.list: each block's, then the tail. */
  chunks<S extends TSchema>(list: BlockedList<Static<S>>, schema: S): Array<Static<S>> {
    return [...list.blocks.map((key) => this.read(key, schema)), list.tail];
  }
}
