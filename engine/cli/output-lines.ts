// Alert lines out on stdout as soon as a batch of input has been decided: a reader at the end of a pipe or on
// a terminal sees each alert within one batch of its minute closing, and a slow reader holds the loop back
// (back-pressure) instead of growing memory.
import type { Writable } from 'node:stream';

export class OutputLines {
  private lines: string[] = [];

  constructor(private readonly out: Writable = process.stdout) {}

  /** Queue a line (without its newline); it is written at the next flush. */
  write(line: string): void {
    this.lines.push(line);
  }

  /** Write the queued lines in one write; resolves once the stream can take more (at once unless it is full). */
  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const ok = this.out.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
    // A reader that has gone (closed pipe) never drains: stop waiting then too.
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.out.off('drain', done).off('close', done);
          resolve();
        };
        this.out.once('drain', done).once('close', done);
      });
    }
  }
}
