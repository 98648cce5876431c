// The three checkpoint heads of `lizheng engine` — the whole city (`engine.all`, in blocks), a partition's district
// (`count.<district>`) and the partitioned decider (`decide`) — written at the current version and read back
// checked against its schema, so a service only hands over its parts' states and gets them back.
import type { DetectEngineState } from '../detect-engine.ts';
import type { UnitState } from '../stream/district-unit.ts';
import type { GateState } from '../time/event-time-gate.ts';
import { BlockReader } from './block-reader.ts';
import type { BlockChanges, BlockWriter } from './block-writer.ts';
import { CHECKPOINT_VERSION, DeciderCheckpoint, UnitCheckpoint, WholeCheckpoint } from './checkpoint-schemas.ts';
import { decodeCounter, encodeCounter } from './counter-checkpoint.ts';
import { decodeEngine, encodeEngine } from './engine-checkpoint.ts';
import { checkHead } from './stored-check.ts';

/** Where checkpoints are read from: a value by key, parsed, or null when there is none (CheckpointStore). */
export interface CheckpointSource {
  load(key: string): Promise<unknown>;
}

/** What the whole-city engine keeps across a restart, its engine as a state. */
export type WholeState = Omit<WholeCheckpoint, 'version' | 'engine' | 'blocks' | 'gate'> & {
  readonly engine: DetectEngineState;
  readonly gate: GateState<WholeCheckpoint['gate']['held'][number]['item']>;
};

/** The whole city's head as JSON, and the blocks to write before it (and those to delete after it). */
export function encodeWhole(state: WholeState, blocks: BlockWriter): { head: string; changes: BlockChanges } {
  const engine = encodeEngine(state.engine, blocks);
  const changes = blocks.take();
  const head = { ...state, version: CHECKPOINT_VERSION, engine, blocks: changes.referenced };
  return { head: JSON.stringify(head), changes };
}

/**
 * The whole city's state under `key` and the blocks it references (for the next BlockWriter), or null when there is
 * none.
 */
export async function loadWhole(
  source: CheckpointSource,
  key: string,
): Promise<(WholeState & { readonly blocks: string[] }) | null> {
  const saved = await source.load(key);
  if (saved === null) return null;
  const head = checkHead(key, WholeCheckpoint, saved, CHECKPOINT_VERSION);
  const blocks = await BlockReader.load(key, head.blocks, (k) => source.load(k));
  const { version: _, ...rest } = head;
  return { ...rest, engine: decodeEngine(head.engine, blocks) };
}

export function encodeUnit(state: UnitState): string {
  const head: UnitCheckpoint = {
    ...state,
    version: CHECKPOINT_VERSION,
    counter: state.counter && encodeCounter(state.counter),
  };
  return JSON.stringify(head);
}

export async function loadUnit(source: CheckpointSource, key: string): Promise<UnitState | null> {
  const saved = await source.load(key);
  return saved === null ? null : decodeUnit(key, saved);
}

/** The unit state in `saved`, the parsed value of checkpoint `key`. */
export function decodeUnit(key: string, saved: unknown): UnitState {
  const { version: _, ...head } = checkHead(key, UnitCheckpoint, saved, CHECKPOINT_VERSION);
  return { ...head, counter: head.counter && decodeCounter(head.counter, BlockReader.none(key)) };
}

/** What the partitioned decider keeps across a restart, its engine as a state. */
export type DeciderState = Omit<DeciderCheckpoint, 'version' | 'engine'> & { readonly engine: DetectEngineState };

export function encodeDecider(state: DeciderState): string {
  const head: DeciderCheckpoint = { ...state, version: CHECKPOINT_VERSION, engine: encodeEngine(state.engine) };
  return JSON.stringify(head);
}

export async function loadDecider(source: CheckpointSource, key: string): Promise<DeciderState | null> {
  const saved = await source.load(key);
  if (saved === null) return null;
  const { version: _, ...head } = checkHead(key, DeciderCheckpoint, saved, CHECKPOINT_VERSION);
  return { ...head, engine: decodeEngine(head.engine, BlockReader.none(key)) };
}
