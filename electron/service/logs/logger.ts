// Structured logs (README: The data folder): one JSON line per entry in
// <data>/manifests/logs/<YYYY-MM-DD>/generator.log.jsonl, by the UTC date of the entry.
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../store/folders.ts';

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
  let madeDir = '';
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
    if (options.dir) {
      const day = join(options.dir, entry.timestamp.slice(0, 10));
      try {
        if (madeDir !== day) {
          makeDirs(day);
          madeDir = day;
        }
        appendFileSync(join(day, 'generator.log.jsonl'), `${JSON.stringify(entry)}\n`);
      } catch {
        // A log that cannot be written must not stop generation; listeners still see it.
      }
    }
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
