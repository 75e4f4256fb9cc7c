// Structured logs (docs/data-folder.md): one JSON line per entry in
// <data>/manifests/logs/<YYYY-MM-DD>/generator.log.jsonl, by the UTC date of the entry.
// Nothing is lost to a full disk: each line is appended whole or not at all, lines that
// cannot be written wait in memory (up to a bound) and go out, in order, once there is room,
// and a line torn by a crash is cut off before the first append after a start.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appendBytes } from '../platform/atomic.ts';
import { makeDirs } from '../platform/dirs.ts';

/** Lines kept while the disk is full; older ones beyond this are dropped (and counted). */
const MAX_UNWRITTEN = 20_000;

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface LogEntry {
  timestamp: string;
  level: LogLevel;
  component: string;
  run_id: string;
  message: string;
  metadata: Record<string, unknown>;
}

export interface Logger {
  log(level: LogLevel, message: string, metadata?: Record<string, unknown>): void;
  info(message: string, metadata?: Record<string, unknown>): void;
  warn(message: string, metadata?: Record<string, unknown>): void;
  error(message: string, metadata?: Record<string, unknown>): void;
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** <data>/manifests/logs; undefined keeps entries in memory only (listeners still get them). */
  dir: string | undefined;
  component: string;
  runId?: string;
  clock?: () => Date;
  listeners?: Array<(entry: LogEntry) => void>;
}

export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

export function createLogger(options: LoggerOptions): Logger {
  const runId = options.runId ?? newRunId();
  const clock = options.clock ?? (() => new Date());
  const listeners = options.listeners ?? [];
  const files = new LogFiles();
  const write = (
    component: string,
    level: LogLevel,
    message: string,
    metadata: Record<string, unknown>,
  ) => {
    const now = clock();
    const entry: LogEntry = {
      timestamp: now.toISOString(),
      level,
      component,
      run_id: runId,
      message,
      metadata,
    };
    // A log that cannot be written must not stop generation; listeners still see it.
    if (options.dir) files.write(join(options.dir, entry.timestamp.slice(0, 10)), entry);
    for (const listener of listeners) listener(entry);
  };
  const make = (component: string): Logger => ({
    log: (level, message, metadata = {}) => write(component, level, message, metadata),
    info: (message, metadata = {}) => write(component, 'INFO', message, metadata),
    warn: (message, metadata = {}) => write(component, 'WARN', message, metadata),
    error: (message, metadata = {}) => write(component, 'ERROR', message, metadata),
    child: (name) => make(name),
  });
  return make(options.component);
}

/** The day files of one logger, with the lines waiting for room on the disk. */
class LogFiles {
  private readonly unwritten: Array<{ day: string; line: string }> = [];
  private readonly repaired = new Set<string>();
  private dropped = 0;

  write(day: string, entry: LogEntry): void {
    this.unwritten.push({ day, line: `${JSON.stringify(entry)}\n` });
    if (this.unwritten.length > MAX_UNWRITTEN) {
      this.unwritten.shift();
      this.dropped++;
    }
    this.flush();
  }

  /** Writes the waiting lines in order; stops at the first that does not fit. */
  private flush(): void {
    try {
      if (this.dropped > 0) {
        const first = this.unwritten[0] as { day: string; line: string };
        const note = JSON.parse(first.line) as LogEntry;
        this.append(first.day, {
          ...note,
          level: 'WARN',
          message: 'log entries were dropped while the disk was full',
          metadata: { dropped: this.dropped },
        });
        this.dropped = 0;
      }
      while (this.unwritten.length > 0) {
        const { day, line } = this.unwritten[0] as { day: string; line: string };
        this.appendLine(day, line);
        this.unwritten.shift();
      }
    } catch {
      // Still no room (or no folder): the lines wait for the next entry.
    }
  }

  private append(day: string, entry: LogEntry): void {
    this.appendLine(day, `${JSON.stringify(entry)}\n`);
  }

  private appendLine(day: string, line: string): void {
    const file = join(day, 'generator.log.jsonl');
    if (!this.repaired.has(file)) {
      makeDirs(day);
      cutTornLine(file);
      this.repaired.add(file);
    }
    appendBytes(file, Buffer.from(line, 'utf8'), false);
  }
}

/** Cuts a last line without its newline (a crash in the middle of an append). */
export function cutTornLine(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size === 0) return;
  const fd = openSync(file, 'r+');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 10) return;
    // Find the last newline, reading backwards in blocks.
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const n = readSync(fd, block, 0, end - start, start);
      const at = block.subarray(0, n).lastIndexOf(10);
      if (at >= 0) {
        ftruncateSync(fd, start + at + 1);
        return;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}
