// Measures redaction on the hand-written corpus (evaluation/redaction-corpus.ndjson): how many planted identifiers
// are covered, how many spans cover something planted, and which strings that must stay were touched. The benchmark
// prints it and a test holds it to its bar, so both read the same figures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLACEHOLDERS, type Redaction, type RedactionKind, redactText } from './redact-text.ts';

export const REDACTION_CORPUS_PATH = fileURLToPath(new URL('./evaluation/redaction-corpus.ndjson', import.meta.url));

/** One corpus line: a report text, the identifiers planted in it, and substrings that must come out unchanged. */
export interface CorpusEntry {
  readonly id: string;
  readonly text: string;
  readonly planted: ReadonlyArray<{ readonly kind: RedactionKind; readonly value: string }>;
  readonly keep: readonly string[];
}

export interface KindQuality {
  readonly kind: RedactionKind;
  /** Planted values of this kind. */
  readonly planted: number;
  /** Of those, covered by a span of any kind. */
  readonly found: number;
  readonly recall: number;
  /** Spans of this kind produced. */
  readonly spans: number;
  /** Of those, overlapping a planted value (of any kind). */
  readonly hits: number;
  readonly precision: number;
}

export interface RedactionQuality {
  readonly entries: number;
  readonly planted: number;
  readonly found: number;
  readonly recall: number;
  readonly spans: number;
  readonly hits: number;
  readonly precision: number;
  /** Found planted values whose covering span has the planted kind, as a share of found ones. */
  readonly typedShare: number;
  readonly perKind: KindQuality[];
  /** Planted values not covered. */
  readonly misses: Array<{ id: string; kind: RedactionKind; value: string }>;
  /** Spans overlapping no planted value, with the text they covered. */
  readonly falseSpans: Array<{ id: string; kind: RedactionKind; covered: string }>;
  /** Keep strings a span touched at one of their occurrences. */
  readonly lostKeeps: Array<{ id: string; keep: string; redacted: string }>;
}

const KINDS = Object.keys(PLACEHOLDERS) as RedactionKind[];

/** Read the corpus (NDJSON, one entry a line; blank lines skipped). */
export function readRedactionCorpus(path = REDACTION_CORPUS_PATH): CorpusEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusEntry);
}

/** Every offset at which `part` occurs in `text`. */
function occurrences(text: string, part: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(part); i >= 0 && part !== ''; i = text.indexOf(part, i + 1)) at.push(i);
  return at;
}

const overlaps = (a: { start: number; end: number }, start: number, end: number): boolean =>
  a.start < end && start < a.end;

/**
 * Score a redactor on corpus entries. A planted value is found when one span covers all of its characters (the
 * value is located with indexOf); a span is a hit when it overlaps a planted value; a keep string is lost when a
 * span overlaps any of its occurrences. `redact` defaults to redactText.
 *
 * @example
 * const q = evaluateRedaction([
 *   { id: 'a', text: '电话13812345678，订单号 2026112312345678901', planted: [{ kind: 'phone', value: '13812345678' }], keep: ['2026112312345678901'] },
 * ]);
 * [q.recall, q.precision, q.lostKeeps.length]; // => [1, 1, 0]
 */
export function evaluateRedaction(
  entries: readonly CorpusEntry[],
  redact: (text: string) => Redaction = redactText,
): RedactionQuality {
  const planted = new Map(KINDS.map((k) => [k, 0]));
  const found = new Map(KINDS.map((k) => [k, 0]));
  const spans = new Map(KINDS.map((k) => [k, 0]));
  const hits = new Map(KINDS.map((k) => [k, 0]));
  const add = (m: Map<RedactionKind, number>, k: RedactionKind) => m.set(k, (m.get(k) ?? 0) + 1);
  const misses: RedactionQuality['misses'] = [];
  const falseSpans: RedactionQuality['falseSpans'] = [];
  const lostKeeps: RedactionQuality['lostKeeps'] = [];
  let typed = 0;
  for (const entry of entries) {
    const result = redact(entry.text);
    const values = entry.planted.map((p) => {
      const start = entry.text.indexOf(p.value);
      return { ...p, start, end: start + p.value.length };
    });
    for (const v of values) {
      add(planted, v.kind);
      const cover = result.spans.find((s) => v.start >= 0 && s.start <= v.start && s.end >= v.end);
      if (cover === undefined) misses.push({ id: entry.id, kind: v.kind, value: v.value });
      else {
        add(found, v.kind);
        if (cover.kind === v.kind) typed++;
      }
    }
    for (const s of result.spans) {
      add(spans, s.kind);
      if (values.some((v) => overlaps(s, v.start, v.end))) add(hits, s.kind);
      else falseSpans.push({ id: entry.id, kind: s.kind, covered: entry.text.slice(s.start, s.end) });
    }
    for (const keep of entry.keep) {
      if (occurrences(entry.text, keep).some((at) => result.spans.some((s) => overlaps(s, at, at + keep.length)))) {
        lostKeeps.push({ id: entry.id, keep, redacted: result.text });
      }
    }
  }
  const sum = (m: Map<RedactionKind, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    entries: entries.length,
    planted: sum(planted),
    found: sum(found),
    recall: share(sum(found), sum(planted)),
    spans: sum(spans),
    hits: sum(hits),
    precision: share(sum(hits), sum(spans)),
    typedShare: share(typed, sum(found)),
    perKind: KINDS.map((kind) => ({
      kind,
      planted: planted.get(kind)!,
      found: found.get(kind)!,
      recall: share(found.get(kind)!, planted.get(kind)!),
      spans: spans.get(kind)!,
      hits: hits.get(kind)!,
      precision: share(hits.get(kind)!, spans.get(kind)!),
    })),
    misses,
    falseSpans,
    lostKeeps,
  };
}
