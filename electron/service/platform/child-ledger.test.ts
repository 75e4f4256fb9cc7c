import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ChildLedger,
  type ChildRecord,
  childLedger,
  endLeftovers,
  processIdentity,
} from './child-ledger.ts';
import { run, startDaemon } from './processes.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-ledger-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const started: number[] = [];
const aborts: AbortController[] = [];
afterEach(() => {
  // Nothing a test started may outlive it, whatever the test did.
  for (const pid of started.splice(0)) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // ended already, or leads no group
      }
    }
  }
  for (const abort of aborts.splice(0)) abort.abort();
});

const alive = (pid: number) => processIdentity(pid) !== undefined;

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  if (child.pid) started.push(child.pid);
  return child;
}

function records(file: string): ChildRecord[] {
  return JSON.parse(readFileSync(file, 'utf8')) as ChildRecord[];
}

describe('the identity of a process', () => {
  it('is steady while a process runs and gone once it ends, from /proc and from ps', async () => {
    const a = sleeper();
    await until(() => alive(a.pid as number), 'the sleeper');
    for (const platform of ['linux', 'darwin'] as const) {
      const first = processIdentity(a.pid as number, platform);
      expect(first, platform).toBeTruthy();
      expect(processIdentity(a.pid as number, platform)).toBe(first);
    }
    a.kill('SIGKILL');
    await until(() => !alive(a.pid as number), 'the sleeper to end');
    expect(processIdentity(a.pid as number, 'linux')).toBeUndefined();
    expect(processIdentity(a.pid as number, 'darwin')).toBeUndefined();
  });
});

describe('what the app started', () => {
  it('records a lasting child in the file while it runs, and forgets it when it ends', async () => {
    const file = join(scratch, 'lasting.json');
    const ledger = new ChildLedger();
    ledger.persistTo(file);
    const child = sleeper();
    ledger.track(child, { label: 'node', group: false, lasting: true });
    expect(records(file)).toEqual([
      {
        pid: child.pid,
        identity: processIdentity(child.pid as number),
        label: 'node',
        group: false,
      },
    ]);
    const brief = sleeper();
    ledger.track(brief, { label: 'docker', group: false, lasting: false });
    expect(records(file).map((r) => r.pid)).toEqual([child.pid]);
    child.kill();
    await until(() => records(file).length === 0, 'the record to go');
    brief.kill();
  });

  it('stops every child still running when the app quits (a check, a daemon and its group)', async () => {
    const script =
      "require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000)";
    const daemon = startDaemon(process.execPath, ['-e', script], {});
    const abort = new AbortController();
    aborts.push(abort);
    const check = run(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      timeoutMs: 10 * 60_000,
      signal: abort.signal,
    });
    const daemonPid = daemon.child.pid as number;
    started.push(daemonPid);
    await until(() => childLedger.records().length >= 2, 'both to be recorded');
    const checkPid = childLedger.records().find((r) => r.pid !== daemonPid)?.pid as number;
    started.push(checkPid);
    // The daemon's own child, in its process group.
    let grandchild: number | undefined;
    await until(() => {
      grandchild = groupMembers(daemonPid).find((pid) => pid !== daemonPid);
      return grandchild !== undefined;
    }, "the daemon's child");
    started.push(grandchild as number);
    await childLedger.stopAll(5000);
    expect((await check).code).toBe(null);
    await daemon.exited;
    await until(() => !alive(grandchild as number), "the daemon's child to end");
    expect(childLedger.records()).toEqual([]);
  });
});

/** Pids whose process group is `pgid` (Linux). */
function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
}

describe('after a crash', () => {
  it('ends the daemons a killed app left running, at the next start', async () => {
    const file = join(scratch, 'crash.json');
    const appScript = join(scratch, 'app.ts');
    const here = (name: string) => pathToFileURL(join(import.meta.dirname, name)).href;
    writeFileSync(
      appScript,
      [
        `import { childLedger } from '${here('child-ledger.ts')}';`,
        `import { startDaemon } from '${here('processes.ts')}';`,
        `childLedger.persistTo(${JSON.stringify(file)});`,
        `const d = startDaemon(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {});`,
        'process.stdout.write(String(d.child.pid) + "\\n");',
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const app = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), appScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (app.pid) started.push(app.pid);
    const daemonPid = await new Promise<number>((resolve) =>
      app.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    started.push(daemonPid);
    await until(() => records(file).some((r) => r.pid === daemonPid), 'the record');
    app.kill('SIGKILL');
    await new Promise((r) => app.once('exit', r));
    // The crash left the daemon running.
    expect(alive(daemonPid)).toBe(true);

    const ended = await endLeftovers(file, { graceMs: 5000 });
    expect(ended.map((r) => r.pid)).toEqual([daemonPid]);
    await until(() => !alive(daemonPid), 'the leftover daemon to end');
    expect(records(file)).toEqual([]);
  });

  it('never signals a pid that now names another process', async () => {
    const file = join(scratch, 'reused.json');
    const other = sleeper();
    await until(() => alive(other.pid as number), 'the other process');
    // The record's pid is now somebody else's: its start differs from the recorded one.
    writeFileSync(
      file,
      JSON.stringify([
        { pid: other.pid, identity: 'an earlier start', label: 'java', group: true },
      ]),
    );
    expect(await endLeftovers(file, { graceMs: 1000 })).toEqual([]);
    expect(alive(other.pid as number)).toBe(true);
    expect(other.exitCode).toBe(null);
    other.kill();
  });

  it('reads a damaged or missing record file as empty', async () => {
    const file = join(scratch, 'damaged.json');
    writeFileSync(file, '[{"pid": 1, "ident');
    expect(await endLeftovers(file)).toEqual([]);
    expect(await endLeftovers(join(scratch, 'none.json'))).toEqual([]);
  });
});
