// The redactor on the hand-written corpus (engine/privacy/evaluation): the bar is recall ≥ 0.99 and precision
// ≥ 0.95 with no string that must stay touched; the benchmark prints the same figures kind by kind.
import { describe, expect, it } from 'vitest';
import { evaluateRedaction, readRedactionCorpus } from '../engine/privacy/evaluate-redaction.ts';

describe('redaction corpus', () => {
  const quality = evaluateRedaction(readRedactionCorpus());

  it('reads every report of the corpus, each with its planted values present in its text', () => {
    expect(quality.entries).toBeGreaterThanOrEqual(300);
    for (const entry of readRedactionCorpus()) {
      for (const p of entry.planted) expect(entry.text, entry.id).toContain(p.value);
    }
  });

  it('covers at least 99 % of the planted identifiers', () => {
    expect(quality.recall, JSON.stringify(quality.misses)).toBeGreaterThanOrEqual(0.99);
  });

  it('puts at least 95 % of its spans on planted identifiers', () => {
    expect(quality.precision, JSON.stringify(quality.falseSpans)).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves every keep string untouched', () => {
    expect(quality.lostKeeps).toEqual([]);
  });
});

describe('evaluateRedaction', () => {
  it('counts a value found only when one span covers all of it, and a keep lost when any span touches it', () => {
    const q = evaluateRedaction(
      [
        {
          id: 'a',
          text: '电话13812345678，王先生，订单号 2026112312345678901',
          planted: [
            { kind: 'phone', value: '13812345678' },
            { kind: 'name', value: '王先生' },
          ],
          keep: ['订单号 2026112312345678901'],
        },
      ],
      (text) => ({
        text,
        spans: [
          { kind: 'phone', start: 2, end: 13 },
          { kind: 'name', start: 14, end: 15 },
          { kind: 'bankcard', start: 22, end: 41 },
        ],
      }),
    );
    expect([q.planted, q.found, q.recall]).toEqual([2, 1, 0.5]);
    expect([q.spans, q.hits]).toEqual([3, 2]);
    expect(q.misses).toEqual([{ id: 'a', kind: 'name', value: '王先生' }]);
    expect(q.falseSpans).toEqual([{ id: 'a', kind: 'bankcard', covered: '2026112312345678901' }]);
    expect(q.lostKeeps.map((l) => l.keep)).toEqual(['订单号 2026112312345678901']);
    expect(q.perKind.find((k) => k.kind === 'name')).toMatchObject({ planted: 1, found: 0, spans: 1, hits: 1 });
  });
});
