// Reads NDJSON feeds (plain, .gz or stdin) line by line, fast, reporting bad lines instead of stopping.
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.ts';

/** One non-blank line: its 1-based number and either the parsed value or why it is not JSON. */
export interface NdjsonLine {
  readonly line: number;
  readonly value?: unknown;
  readonly error?: string;
}

const CHUNK_BYTES = 1 << 20;
/** Lines per batch when iterating line by line (the batches are then only a buffer). */
const BATCH_LINES = 1024;

/**
 * An opened NDJSON input. Iterate it once with `for await`; `bytesRead` (of the file as stored, so
 * compressed bytes for .gz) grows as lines are yielded and can be drawn against `size` in a progress bar.
 * Leaving the loop early (`break`, `return`, a throw) closes the file.
 */
export class NdjsonInput implements AsyncIterable<NdjsonLine> {
  /** File size in bytes; null for stdin. */
  readonly size: number | null;
  private counted = 0;
  private used = false;

  constructor(
    readonly path: string,
    private readonly source: Readable,
    private readonly raw: Readable,
    size: number | null,
  ) {
    this.size = size;
  }

  /** Bytes of the stored input consumed so far. */
  get bytesRead(): number {
    const fromFile = (this.raw as Readable & { bytesRead?: number }).bytesRead;
    return typeof fromFile === 'number' ? fromFile : this.counted;
  }

  /** Close the input without reading it (iteration closes it by itself). */
  close(): void {
    this.source.destroy();
    this.raw.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<NdjsonLine> {
    for await (const batch of this.batches(BATCH_LINES)) yield* batch;
  }

  /**
   * The lines in batches of at most `max`, for intake that works a batch at a time (Intake.acceptAll). A batch
   * holds only lines already read: it never waits for more input, so a slow stdin is not held back. The same
   * rules as iterating line by line: once only, and leaving the loop early closes the file.
   */
  async *batches(max: number): AsyncGenerator<NdjsonLine[]> {
    if (this.used) throw new InputError(`${this.path}: an NDJSON input can be iterated only once`);
    this.used = true;
    // Lines are split on the newline byte (never part of a multi-byte UTF-8 sequence) and each is decoded on
    // its own: no chunk-sized string is built, so a value kept from one line (an id) keeps only that line alive.
    let rest: Buffer | null = null;
    let line = 0;
    let batch: NdjsonLine[] = [];
    try {
      for await (const chunk of this.source) {
        const buf = chunk as Buffer;
        this.counted += buf.length;
        let from = 0;
        let nl = buf.indexOf(NEWLINE);
        if (rest) {
          if (nl === -1) {
            rest = Buffer.concat([rest, buf]);
            continue;
          }
          const parsed = parseLine(Buffer.concat([rest, buf.subarray(0, nl)]).toString('utf8'), ++line);
          rest = null;
          from = nl + 1;
          nl = buf.indexOf(NEWLINE, from);
          if (parsed) batch.push(parsed);
        }
        if (batch.length === max) {
          yield batch;
          batch = [];
        }
        for (; nl !== -1; nl = buf.indexOf(NEWLINE, from)) {
          const parsed = parseLine(buf.toString('utf8', from, nl), ++line);
          from = nl + 1;
          if (parsed && batch.push(parsed) === max) {
            yield batch;
            batch = [];
          }
        }
        if (from < buf.length) rest = Buffer.from(buf.subarray(from));
        if (batch.length > 0) yield batch;
        batch = [];
      }
      const last = rest ? parseLine(rest.toString('utf8'), line + 1) : null;
      if (last) yield [last];
    } catch (cause) {
      if (cause instanceof InputError) throw cause;
      throw new InputError(`${this.path}: cannot read after line ${line} (${(cause as Error).message})`, { cause });
    } finally {
      this.close();
    }
  }
}

const NEWLINE = 0x0a;

function parseLine(text: string, line: number): NdjsonLine | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  try {
    return { line, value: JSON.parse(trimmed) };
  } catch (err) {
    return { line, error: `line ${line}: not valid JSON (${(err as Error).message})` };
  }
}

/**
 * Open an NDJSON file for reading: a path (`.gz` is decompressed) or `-` for stdin.
 * Throws InputError when the file cannot be opened.
 */
export async function openNdjson(path: string): Promise<NdjsonInput> {
  if (path === '-') return new NdjsonInput('stdin', process.stdin, process.stdin, null);
  let handle: FileHandle | undefined;
  let size: number;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new Error('it is a directory');
    size = stat.size;
  } catch (cause) {
    await handle?.close();
    throw new InputError(`cannot open ${path}: ${(cause as Error).message}`, { cause });
  }
  const raw = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  const source = path.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (source !== raw) raw.on('error', (err) => source.destroy(err));
  return new NdjsonInput(path, source, raw, size);
}
