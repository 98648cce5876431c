// The shared NDJSON reader: good, bad and blank lines, gzip, early break, unreadable files, big chunks.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openNdjson, type NdjsonLine } from '../engine/intake/read-ndjson.ts';
import { InputError } from '../engine/errors.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ndjson-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIXED = '{"a":1}\n\n  \n{"b":"成都"}\r\nnot json\n{"c":[1,2]}'; // no final newline

async function collect(path: string): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const l of await openNdjson(path)) out.push(l);
  return out;
}

describe('openNdjson', () => {
  it('yields parsed values with line numbers, skips blank lines and names the bad line', async () => {
    const path = join(dir, 'mixed.ndjson');
    writeFileSync(path, MIXED);
    const lines = await collect(path);
    expect(lines.map((l) => l.line)).toEqual([1, 4, 5, 6]);
    expect(lines[0].value).toEqual({ a: 1 });
    expect(lines[1].value).toEqual({ b: '成都' });
    expect(lines[2].value).toBeUndefined();
    expect(lines[2].error).toMatch(/^line 5: not valid JSON/);
    expect(lines[3].value).toEqual({ c: [1, 2] });
  });

  it('decompresses .gz and counts stored (compressed) bytes', async () => {
    const path = join(dir, 'mixed.ndjson.gz');
    writeFileSync(path, gzipSync(MIXED));
    const input = await openNdjson(path);
    const lines: NdjsonLine[] = [];
    for await (const l of input) lines.push(l);
    expect(lines.map((l) => l.line)).toEqual([1, 4, 5, 6]);
    expect(lines[1].value).toEqual({ b: '成都' });
    expect(input.size).toBe(statSync(path).size);
    expect(input.bytesRead).toBe(input.size);
  });

  it('keeps multi-byte characters intact across chunk boundaries of a large file', async () => {
    const path = join(dir, 'big.ndjson');
    const n = 60_000;
    const body = Array.from({ length: n }, (_, i) => JSON.stringify({ i, text: '高新区某小区电梯坏了'.repeat(2) })).join('\n');
    writeFileSync(path, `${body}\n`);
    const input = await openNdjson(path);
    let count = 0;
    let broken = 0;
    let lastProgress = 0;
    for await (const l of input) {
      const v = l.value as { i: number; text: string };
      if (v.i !== count || v.text !== '高新区某小区电梯坏了高新区某小区电梯坏了' || input.bytesRead < lastProgress) broken++;
      lastProgress = input.bytesRead;
      count++;
    }
    expect(broken).toBe(0);
    expect(count).toBe(n);
    expect(input.bytesRead).toBe(statSync(path).size);
  });

  it('gives the same lines in batches of at most the size asked, across read chunks and a line spanning two', async () => {
    const path = join(dir, 'batches.ndjson');
    const lines = Array.from({ length: 30_000 }, (_, i) => (i % 997 === 5 ? 'not json' : JSON.stringify({ i, text: '锦江区春熙路'.repeat(1 + (i % 7)) })));
    writeFileSync(path, `${lines.join('\n')}\n\n{"last":true}`);
    const oneByOne = await collect(path);
    const batched: NdjsonLine[] = [];
    const sizes: number[] = [];
    for await (const batch of (await openNdjson(path)).batches(100)) {
      sizes.push(batch.length);
      batched.push(...batch);
    }
    expect(batched).toEqual(oneByOne);
    expect(batched).toHaveLength(30_001);
    expect(Math.max(...sizes)).toBe(100);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
  });

  it('reads a line longer than several read chunks, between ordinary lines', async () => {
    const path = join(dir, 'long-line.ndjson');
    const long = '电梯'.repeat(1_500_000); // 9 MB of UTF-8 on one line
    writeFileSync(path, `{"a":1}\n{"long":"${long}"}\n{"b":2}`);
    const lines = await collect(path);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect((lines[1].value as { long: string }).long).toBe(long);
    expect(lines[2].value).toEqual({ b: 2 });
  });

  it('stops and closes the file on break; iterating twice is an InputError', async () => {
    const path = join(dir, 'break.ndjson');
    writeFileSync(path, '{"x":1}\n{"x":2}\n{"x":3}\n');
    const input = await openNdjson(path);
    const seen: unknown[] = [];
    for await (const l of input) {
      seen.push(l.value);
      break;
    }
    expect(seen).toEqual([{ x: 1 }]);
    await expect(async () => {
      for await (const _ of input) void _;
    }).rejects.toThrow(InputError);
  });

  it('throws InputError naming the path when the file cannot be opened', async () => {
    await expect(openNdjson(join(dir, 'missing.ndjson'))).rejects.toThrow(InputError);
    await expect(openNdjson(join(dir, 'missing.ndjson'))).rejects.toThrow(/missing\.ndjson/);
    await expect(openNdjson(dir)).rejects.toThrow(/directory/);
  });

  it('turns a corrupt gzip stream into an InputError', async () => {
    const path = join(dir, 'bad.ndjson.gz');
    writeFileSync(path, Buffer.from('this is not gzip at all'));
    await expect(collect(path)).rejects.toThrow(InputError);
  });
});
