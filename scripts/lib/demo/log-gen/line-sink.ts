// Buffered, append-only JSONL files for the generator: lines are gathered into ~1 MB chunks and
// written with writeSync, so memory stays flat however large the tree grows.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const FLUSH_AT = 1 << 20;

/** Counters every file of a tree adds to. */
export interface SinkCounters {
  files: number;
  bytes: number;
  lines: number;
  largestFileBytes: number;
  largestLineBytes: number;
}

export class LineFile {
  private fd: number;
  private parts: string[] = [];
  private pending = 0;
  /** Bytes written to this file so far (lines are ASCII, so characters are bytes). */
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly counters: SinkCounters,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'wx');
    counters.files += 1;
  }

  /** Append one line; `terminate: false` leaves it without its newline (a write cut short). */
  write(line: string, terminate = true): void {
    const text = terminate ? line + '\n' : line;
    this.parts.push(text);
    this.pending += text.length;
    this.bytes += text.length;
    this.counters.bytes += text.length;
    this.counters.lines += 1;
    if (line.length > this.counters.largestLineBytes) this.counters.largestLineBytes = line.length;
    if (this.pending >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending === 0) return;
    const chunk = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    let offset = 0;
    const buf = Buffer.from(chunk, 'latin1');
    while (offset < buf.length) offset += writeSync(this.fd, buf, offset, buf.length - offset);
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    if (this.bytes > this.counters.largestFileBytes) this.counters.largestFileBytes = this.bytes;
  }
}
