// Reads NDJSON feeds (plain, gzip or stdin) line by line, fast, reporting bad lines instead of stopping.
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { escapeInput } from '../echo-input.ts';
import { InputError, PartialInputError } from '../errors.ts';

/** One non-blank line: its 1-based number and either the parsed value or why it is not a report's JSON. */
export interface NdjsonLine {
  readonly line: number;
  readonly value?: unknown;
  readonly error?: string;
}

/**
 * The largest line read as a report: NATS's default max_payload, so whatever `detect` accepts `replay` can
 * publish. A longer line is reported and skipped without being held in memory.
 */
export const MAX_LINE_BYTES = 1 << 20;

export interface NdjsonOptions {
  /** Lines longer than this many bytes (newline excluded) are bad lines; default MAX_LINE_BYTES. */
  readonly maxLineBytes?: number;
}

const CHUNK_BYTES = 1 << 20;
/** Lines per batch when iterating line by line (the batches are then only a buffer). */
const BATCH_LINES = 1024;
const NEWLINE = 0x0a;

/**
 * An opened NDJSON input. Iterate it once with `for await`; `bytesRead` (of the input as stored, so
 * compressed bytes for gzip) grows as lines are yielded and can be drawn against `size` in a progress bar.
 * Leaving the loop early (`break`, `return`, a throw) closes the file. Gzip is recognised by its first two
 * bytes (1f 8b), whatever the file is called, so `--input - < feed.ndjson.gz` works too.
 */
export class NdjsonInput implements AsyncIterable<NdjsonLine> {
  /** File size in bytes; null for stdin. */
  readonly size: number | null;
  private counted = 0;
  private used = false;
  private source: Readable;
  private readonly maxLineBytes: number;

  constructor(
    readonly path: string,
    private readonly raw: Readable,
    size: number | null,
    options: NdjsonOptions = {},
  ) {
    this.size = size;
    this.source = raw;
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
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
   * rules as iterating line by line: once only, and leaving the loop early closes the file. When reading
   * breaks off mid-file, every whole line before the break has been yielded, then PartialInputError is thrown.
   */
  async *batches(max: number): AsyncGenerator<NdjsonLine[]> {
    if (this.used) throw new InputError(`${this.path}: an NDJSON input can be iterated only once`);
    this.used = true;
    const limit = this.maxLineBytes;
    // Lines are split on the newline byte (never part of a multi-byte UTF-8 sequence) and each is decoded on
    // its own: no chunk-sized string is built, so a value kept from one line (an id) keeps only that line alive.
    // A line spanning chunks is kept as a list of pieces joined once at its end (joining at every chunk was
    // quadratic in the line's length); once it passes the limit its pieces are dropped and only its bytes counted.
    let pieces: Buffer[] = [];
    let lineBytes = 0;
    let line = 0;
    let batch: NdjsonLine[] = [];
    try {
      for await (const chunk of await this.decoded()) {
        const buf = chunk as Buffer;
        this.counted += buf.length;
        let from = 0;
        for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, from)) {
          const bytes = lineBytes + nl - from;
          ++line;
          let parsed: NdjsonLine | null;
          if (bytes > limit) parsed = oversized(line, bytes, limit);
          else if (pieces.length === 0) parsed = parseLine(buf.toString('utf8', from, nl), line);
          else {
            pieces.push(buf.subarray(from, nl));
            parsed = parseLine(Buffer.concat(pieces, bytes).toString('utf8'), line);
          }
          pieces = [];
          lineBytes = 0;
          from = nl + 1;
          if (parsed && batch.push(parsed) === max) {
            yield batch;
            batch = [];
          }
        }
        if (from < buf.length) {
          lineBytes += buf.length - from;
          // A tail is copied so the chunk it came from is not kept alive for it; a whole chunk is kept as it is.
          if (lineBytes <= limit) pieces.push(from === 0 ? buf : Buffer.from(buf.subarray(from)));
          else pieces = [];
        }
        if (batch.length > 0) yield batch;
        batch = [];
      }
      if (lineBytes > 0) {
        ++line;
        const last =
          lineBytes > limit
            ? oversized(line, lineBytes, limit)
            : parseLine(Buffer.concat(pieces, lineBytes).toString('utf8'), line);
        if (last) yield [last];
      }
    } catch (cause) {
      if (cause instanceof InputError) throw cause;
      const cut = lineBytes > 0 ? `; line ${line + 1} was cut off` : '';
      throw new PartialInputError(
        `${this.path}: reading stopped after line ${line} (${escapeInput((cause as Error).message)})${cut}; the file ` +
          `is cut short or damaged, and what follows is lost`,
        line,
        { cause },
      );
    } finally {
      this.close();
    }
  }

  /** The lines' bytes: the input itself, or its decompression when it starts with gzip's magic bytes. */
  private async decoded(): Promise<Readable> {
    const head = await peek(this.raw, 2);
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      this.raw.on('error', (err) => gunzip.destroy(err));
      this.source = this.raw.pipe(gunzip);
    }
    return this.source;
  }
}

/** At least `bytes` bytes from the start of `stream` (fewer only at its end), put back to be read again. */
async function peek(stream: Readable, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  while (n < bytes) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      parts.push(chunk);
      n += chunk.length;
      continue;
    }
    if (stream.readableEnded || stream.destroyed) break;
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        stream.off('readable', settle).off('end', settle).off('error', settle);
        if (err) reject(err);
        else resolve();
      };
      stream.on('readable', settle).on('end', settle).on('error', settle);
    });
  }
  const head = Buffer.concat(parts, n);
  if (n > 0) stream.unshift(head);
  return head;
}

function parseLine(text: string, line: number): NdjsonLine | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  try {
    return { line, value: JSON.parse(trimmed) };
  } catch (err) {
    return { line, error: `line ${line}: not valid JSON (${escapeInput((err as Error).message)})` };
  }
}

function oversized(line: number, bytes: number, limit: number): NdjsonLine {
  return {
    line,
    error: `line ${line}: ${describeSize(bytes, limit)}, over the ${describeLimit(limit)} limit for one report`,
  };
}

const MiB = 1 << 20;
const KiB = 1 << 10;

/** A line's size in megabytes, or in bytes when rounding would hide that it is over the limit. */
function describeSize(bytes: number, limit: number): string {
  const mb = (bytes / 1e6).toFixed(1);
  return Number(mb) * 1e6 > limit ? `${mb} MB` : `${bytes.toLocaleString('en')} bytes`;
}

function describeLimit(limit: number): string {
  if (limit % MiB === 0) return `${limit / MiB} MiB`;
  if (limit % KiB === 0) return `${limit / KiB} KiB`;
  return `${limit.toLocaleString('en')}-byte`;
}

/**
 * Open an NDJSON input for reading: a path or `-` for stdin, plain or gzip.
 * Throws InputError when the file cannot be opened.
 */
export async function openNdjson(path: string, options: NdjsonOptions = {}): Promise<NdjsonInput> {
  if (path === '-') return new NdjsonInput('stdin', process.stdin, null, options);
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
  return new NdjsonInput(path, handle.createReadStream({ highWaterMark: CHUNK_BYTES }), size, options);
}
