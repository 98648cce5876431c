// A DetectEngine's state in its stored form and back. The counter goes through counter-checkpoint.ts; the decider's
// windows hold each cell's closed minutes, stored as columns per cell or, given a BlockSink, as one block per
// closed minute written once (a minute never changes after it closed), so a capture writes only new minutes.
import type { DetectEngineState } from '../detect-engine.ts';
import type { CityStateState, HeldCell } from '../decide/city-state.ts';
import type { DeciderState } from '../decide/decider.ts';
import type { MinuteCallers, MinuteEntry } from '../decide/rolling-callers.ts';
import type { BlockSink } from './block-writer.ts';
import type { BlockReader } from './block-reader.ts';
import { decodeCounter, encodeCounter } from './counter-checkpoint.ts';
import { fromHeldColumns, toHeldColumns } from './held-columns.ts';
import { MinuteBlockSchema, type StoredCity, type StoredEngine } from './checkpoint-schemas.ts';

/** `state` as stored; with `sink`, the counter's long lists and the decider's closed minutes go there in blocks. */
export function encodeEngine(state: DetectEngineState, sink?: BlockSink): StoredEngine {
  const { city, ...decider } = state.decider;
  return {
    counter: encodeCounter(state.counter, sink),
    decider: { ...decider, city: encodeCity(city, sink) },
    ...(state.incidents ? { incidents: { ...state.incidents, clusters: [...state.incidents.clusters] } } : {}),
  };
}

/**
 * The state `encodeEngine` stored; `blocks` holds what it put in blocks (BlockReader.none for a head written whole).
 */
export function decodeEngine(stored: StoredEngine, blocks: BlockReader): DetectEngineState {
  const { city, ...decider } = stored.decider;
  const state: DeciderState = { ...decider, city: decodeCity(city, blocks) };
  return {
    counter: decodeCounter(stored.counter, blocks),
    decider: state,
    ...(stored.incidents ? { incidents: stored.incidents } : {}),
  };
}

function encodeCity(city: CityStateState, sink: BlockSink | undefined): StoredCity {
  const totals = {
    day: city.day.map(([k, v]): [string, number] => [k, v]),
    hourCity: city.hourCity,
    dayCity: city.dayCity,
  };
  if (!sink)
    return {
      cells: city.cells.map((c): [string, ReturnType<typeof toHeldColumns>, number] => [
        c.key,
        toHeldColumns(c.minutes),
        c.hourCallers,
      ]),
      ...totals,
    };
  const byMinute = new Map<number, Array<[string, MinuteCallers]>>();
  for (const c of city.cells)
    for (const e of c.minutes) {
      const held = byMinute.get(e.minute);
      if (held) held.push([c.key, e]);
      else byMinute.set(e.minute, [[c.key, e]]);
    }
  const minuteBlocks = [...byMinute].map(([minute, held]): [number, string] => [
    minute,
    sink.value(`minute.${minute}`, () => Object.fromEntries(held.map(([key, e]) => [key, [e.callers, e.reportIds]]))),
  ]);
  return {
    cells: city.cells.map((c): [string, number[], number] => [c.key, c.minutes.map((e) => e.minute), c.hourCallers]),
    minuteBlocks,
    ...totals,
  };
}

function decodeCity(stored: StoredCity, blocks: BlockReader): CityStateState {
  const totals = { day: stored.day, hourCity: stored.hourCity, dayCity: stored.dayCity };
  if (!('minuteBlocks' in stored))
    return {
      cells: stored.cells.map(
        ([key, columns, hourCallers]): HeldCell => ({ key, minutes: fromHeldColumns(columns), hourCallers }),
      ),
      ...totals,
    };
  const minutes = new Map(stored.minuteBlocks.map(([minute, key]) => [minute, blocks.read(key, MinuteBlockSchema)]));
  const entry = (key: string, minute: number): MinuteEntry => {
    const held = minutes.get(minute)?.[key];
    if (!held) throw blocks.error(`cell ${key} holds minute ${minute}, which no minute block lists for it`);
    return { minute, callers: held[0], reportIds: held[1] };
  };
  return {
    cells: stored.cells.map(
      ([key, list, hourCallers]): HeldCell => ({ key, minutes: list.map((m) => entry(key, m)), hourCallers }),
    ),
    ...totals,
  };
}
