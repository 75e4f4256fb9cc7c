// What this process started and has not seen end: every program run through processes.ts.
// Quitting ends them all (a check's Python, a Spark daemon), and the lasting ones (daemons,
// jobs, checks) are also written to a file, so that after a crash the next start ends what
// the crashed run left behind. A pid is only ever signalled while it still names the process
// that was recorded: its start time is recorded with it, and a reused pid has another one.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from './atomic.ts';

export interface ChildRecord {
  pid: number;
  /** When the process started, as the system tells it (processIdentity). */
  identity: string;
  /** What it is, for the log (`spark-class`, `python3`). */
  label: string;
  /** Leads its own process group (a detached daemon): the whole group is ended. */
  group: boolean;
}

/**
 * A process's start, read from the system, or undefined when no such process runs. Linux:
 * the boot and the start tick from /proc; macOS: `ps -o lstart=`; Windows: the start time
 * from PowerShell. The same pid with another identity is another process.
 */
export function processIdentity(
  pid: number,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  try {
    if (platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses); starttime is
      // the 22nd field, the 20th after the name.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      return fields[19] ? `${boot}:${fields[19]}` : undefined;
    }
    const out =
      platform === 'win32'
        ? execFileSync(
            'powershell.exe',
            ['-NoProfile', '-Command', `(Get-Process -Id ${pid}).StartTime.ToFileTimeUtc()`],
            {
              encoding: 'utf8',
              timeout: 10_000,
              windowsHide: true,
              stdio: ['ignore', 'pipe', 'ignore'],
            },
          )
        : execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
            encoding: 'utf8',
            timeout: 10_000,
            stdio: ['ignore', 'pipe', 'ignore'],
          });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

function signal(record: ChildRecord, platform: NodeJS.Platform, force: boolean): void {
  try {
    if (platform === 'win32') {
      execFileSync('taskkill', ['/pid', String(record.pid), '/T', ...(force ? ['/F'] : [])], {
        timeout: 10_000,
        windowsHide: true,
        stdio: 'ignore',
      });
    } else {
      process.kill(record.group ? -record.pid : record.pid, force ? 'SIGKILL' : 'SIGTERM');
    }
  } catch {
    // gone already
  }
}

/** Ends a recorded process that is still the one recorded: SIGTERM, SIGKILL after `graceMs`. */
export async function endRecorded(
  record: ChildRecord,
  options: { platform?: NodeJS.Platform; graceMs?: number } = {},
): Promise<boolean> {
  const platform = options.platform ?? process.platform;
  if (processIdentity(record.pid, platform) !== record.identity) return false;
  signal(record, platform, false);
  const until = Date.now() + (options.graceMs ?? 10_000);
  while (Date.now() < until) {
    if (processIdentity(record.pid, platform) !== record.identity) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  signal(record, platform, true);
  return true;
}

function readRecords(file: string): ChildRecord[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (r): r is ChildRecord =>
            typeof r === 'object' &&
            r !== null &&
            Number.isSafeInteger((r as ChildRecord).pid) &&
            (r as ChildRecord).pid > 0 &&
            typeof (r as ChildRecord).identity === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/**
 * Ends what a run that crashed left running (the records in `file` whose process is still the
 * one recorded), then empties the file. Returns the records it ended.
 */
export async function endLeftovers(
  file: string,
  options: { platform?: NodeJS.Platform; graceMs?: number } = {},
): Promise<ChildRecord[]> {
  const ended: ChildRecord[] = [];
  for (const record of readRecords(file))
    if (await endRecorded({ ...record, group: record.group === true }, options)) ended.push(record);
  writeJsonAtomic(file, [], false);
  return ended;
}

interface Tracked {
  child: ChildProcess;
  record: ChildRecord | undefined;
}

export class ChildLedger {
  private readonly live = new Set<Tracked>();
  private file: string | undefined;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  /** From now on the lasting children are written to `file` (the desktop app's, in its user data). */
  persistTo(file: string): void {
    this.file = file;
    this.save();
  }

  /** Follows `child` until it exits; `lasting` ones are written to the file too. */
  track(child: ChildProcess, options: { label: string; group: boolean; lasting: boolean }): void {
    if (child.pid === undefined) return;
    const identity = options.lasting ? processIdentity(child.pid, this.platform) : undefined;
    const entry: Tracked = {
      child,
      record: identity
        ? { pid: child.pid, identity, label: options.label, group: options.group }
        : undefined,
    };
    this.live.add(entry);
    if (entry.record) this.save();
    child.once('exit', () => {
      this.live.delete(entry);
      if (entry.record) this.save();
    });
  }

  /** The lasting children running now. */
  records(): ChildRecord[] {
    return [...this.live].flatMap((t) => (t.record ? [t.record] : []));
  }

  /** Ends every child still running (the app is quitting), each with its group if it leads one. */
  async stopAll(graceMs = 10_000): Promise<void> {
    await Promise.all(
      [...this.live].map(async ({ child, record }) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const target = record ?? { pid: child.pid, identity: '', label: '', group: false };
        signal(target, this.platform, false);
        const timer = setTimeout(() => signal(target, this.platform, true), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private save(): void {
    if (!this.file) return;
    try {
      writeJsonAtomic(this.file, this.records(), false);
    } catch {
      // the record is a safety net; a folder that cannot be written must not stop a job
    }
  }
}

/** The one ledger of this process: processes.ts reports to it, the desktop app persists it. */
export const childLedger = new ChildLedger();
