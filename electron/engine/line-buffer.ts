// A reusable output buffer handed to the caller in chunks, so a batch of any size is written
// with bounded memory: the engine never holds a whole large batch.
import { writeAscii } from './format.ts';

export type ChunkSink = (chunk: Uint8Array) => void;

export const DEFAULT_CHUNK_BYTES = 1 << 20;

export class LineBuffer {
  readonly buf: Uint8Array;
  pos = 0;
  bytesWritten = 0;

  constructor(
    private readonly sink: ChunkSink,
    size = DEFAULT_CHUNK_BYTES,
  ) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for `n` more bytes, handing the filled part to the sink first if needed. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) throw new RangeError(`line of ${n} bytes exceeds the buffer`);
    }
  }

  /** Appends an ASCII line and its newline. */
  line(text: string): void {
    this.reserve(text.length + 1);
    this.pos = writeAscii(this.buf, this.pos, text);
    this.buf[this.pos++] = 10;
  }

  flush(): void {
    if (this.pos === 0) return;
    this.bytesWritten += this.pos;
    this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

/** Collects chunks into one array; for small outputs and tests. */
export function collectChunks(): { sink: ChunkSink; bytes: () => Uint8Array } {
  const parts: Uint8Array[] = [];
  return {
    sink: (chunk) => parts.push(chunk.slice()),
    bytes: () => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
  };
}
