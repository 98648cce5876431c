// The shared NDJSON reader: good, bad and blank lines, gzip, early break, unreadable files, big chunks.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_LINE_BYTES, openNdjson, type NdjsonLine, type NdjsonOptions } from '../engine/intake/read-ndjson.ts';
import { InputError, PartialInputError } from '../engine/errors.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ndjson-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIXED = '{"a":1}\n\n  \n{"b":"成都"}\r\nnot json\n{"c":[1,2]}'; // no final newline

async function collect(path: string, options?: NdjsonOptions): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const l of await openNdjson(path, options)) out.push(l);
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
    const body = Array.from({ length: n }, (_, i) =>
      JSON.stringify({ i, text: '高新区某小区电梯坏了'.repeat(2) }),
    ).join('\n');
    writeFileSync(path, `${body}\n`);
    const input = await openNdjson(path);
    let count = 0;
    let broken = 0;
    let lastProgress = 0;
    for await (const l of input) {
      const v = l.value as { i: number; text: string };
      if (v.i !== count || v.text !== '高新区某小区电梯坏了高新区某小区电梯坏了' || input.bytesRead < lastProgress)
        broken++;
      lastProgress = input.bytesRead;
      count++;
    }
    expect(broken).toBe(0);
    expect(count).toBe(n);
    expect(input.bytesRead).toBe(statSync(path).size);
  });

  it(
    'gives the same lines in batches of at most the size ' + 'asked, across read chunks and a line spanning two',
    async () => {
      const path = join(dir, 'batches.ndjson');
      const lines = Array.from({ length: 30_000 }, (_, i) =>
        i % 997 === 5 ? 'not json' : JSON.stringify({ i, text: '锦江区春熙路'.repeat(1 + (i % 7)) }),
      );
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
    },
  );

  it('reads a line longer than several read chunks, between ordinary lines, when the limit allows it', async () => {
    const path = join(dir, 'long-line.ndjson');
    const long = '电梯'.repeat(1_500_000); // 9 MB of UTF-8 on one line
    writeFileSync(path, `{"a":1}\n{"long":"${long}"}\n{"b":2}`);
    const lines = await collect(path, { maxLineBytes: 16 << 20 });
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
    writeFileSync(path, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('this is not gzip at all')]));
    await expect(collect(path)).rejects.toThrow(InputError);
  });

  it('recognises gzip by its magic bytes, not by the name, and reads a .gz that is plain text as text', async () => {
    const zipped = join(dir, 'feed.data');
    writeFileSync(zipped, gzipSync(MIXED));
    expect((await collect(zipped)).map((l) => l.line)).toEqual([1, 4, 5, 6]);
    const plain = join(dir, 'plain.ndjson.gz');
    writeFileSync(plain, MIXED);
    expect((await collect(plain)).map((l) => l.line)).toEqual([1, 4, 5, 6]);
  });
});

describe('line size limit', () => {
  it("is NATS's default max_payload, 1 MiB", () => {
    expect(MAX_LINE_BYTES).toBe(1_048_576);
  });

  it('rejects a line over the limit with its number and size, and reads the rest of the file normally', async () => {
    const path = join(dir, 'two-mb-line.ndjson');
    const big = JSON.stringify({ id: 'big', text: 'x'.repeat(2_000_000) });
    writeFileSync(path, `{"a":1}\n${big}\n{"b":2}\n${big}`);
    const lines = await collect(path);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[1]).toEqual({ line: 2, error: 'line 2: 2.0 MB, over the 1 MiB limit for one report' });
    expect(lines[2].value).toEqual({ b: 2 });
    expect(lines[3].error).toBe('line 4: 2.0 MB, over the 1 MiB limit for one report');
  });

  it(
    'takes a limit as an option, counts a line exactly at it as good, and says bytes when megabytes would hide the ' +
      'excess',
    async () => {
      const path = join(dir, 'small-limit.ndjson');
      const at = JSON.stringify({ pad: 'y'.repeat(100 - 10) }); // exactly 100 bytes
      expect(Buffer.byteLength(at)).toBe(100);
      writeFileSync(path, `${at}\n${at} \n{"c":3}\r\n`);
      const lines = await collect(path, { maxLineBytes: 100 });
      expect(lines[0].value).toEqual({ pad: 'y'.repeat(90) });
      expect(lines[1].error).toBe('line 2: 101 bytes, over the 100-byte limit for one report');
      expect(lines[2]).toEqual({ line: 3, value: { c: 3 } });
    },
  );
});

describe('reading that breaks off', () => {
  it(
    'yields every whole line of a truncated .gz, then a ' + 'PartialInputError naming the file and the last line read',
    async () => {
      const path = join(dir, 'truncated.ndjson.gz');
      const body = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ i, text: `锦江区春熙路第${i}号` })).join(
        '\n',
      );
      const zipped = gzipSync(body);
      writeFileSync(path, zipped.subarray(0, Math.floor(zipped.length * 0.7)));
      const seen: number[] = [];
      let failure: unknown;
      try {
        for await (const l of await openNdjson(path)) seen.push((l.value as { i: number }).i);
      } catch (err) {
        failure = err;
      }
      expect(failure).toBeInstanceOf(PartialInputError);
      const partial = failure as PartialInputError;
      expect(seen.length).toBeGreaterThan(20_000);
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
      expect(partial.lastLine).toBe(seen.length);
      expect(partial.message).toContain(path);
      expect(partial.message).toContain(`after line ${seen.length} (unexpected end of file)`);
    },
  );
});
