// Output buffers for batch bytes. A batch of any size is produced in fixed-size chunks from
// two rotating buffers: while the consumer writes one chunk, the engine fills the other, so
// writing overlaps generation and memory stays bounded.
import { writeAscii } from './format.ts';

export const DEFAULT_CHUNK_BYTES = 1 << 20;

export class LineBuffer {
  private readonly buffers: [Uint8Array, Uint8Array];
  private current = 0;
  buf: Uint8Array;
  pos = 0;

  constructor(size = DEFAULT_CHUNK_BYTES) {
    this.buffers = [new Uint8Array(size), new Uint8Array(size)];
    this.buf = this.buffers[0];
  }

  /** True when fewer than `margin` bytes are left: time to hand the chunk over with take(). */
  full(margin: number): boolean {
    return this.pos + margin > this.buf.length;
  }

  /**
   * Returns the filled part and switches to the other buffer. The returned view stays valid
   * until take() is called again.
   */
  take(): Uint8Array {
    const chunk = this.buf.subarray(0, this.pos);
    this.current ^= 1;
    this.buf = this.buffers[this.current] as Uint8Array;
    this.pos = 0;
    return chunk;
  }

  /** Appends bytes (a whole line with its newline; the caller has checked room with full()). */
  bytes(line: Uint8Array): void {
    this.buf.set(line, this.pos);
    this.pos += line.length;
  }

  /** Appends an ASCII line and its newline (the caller has checked room with full()). */
  line(text: string): void {
    this.pos = writeAscii(this.buf, this.pos, text);
    this.buf[this.pos++] = 10;
  }
}
