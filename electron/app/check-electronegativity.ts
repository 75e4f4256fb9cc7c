// Runs Electronegativity over the desktop app's sources and fails on any finding of high or
// medium severity (low ones are listed for review). Checks that flag a construct for manual
// review whatever its content are listed in REVIEWED with the review's outcome, printed on
// every run; they are the only findings that do not fail the check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathFrom } from '../entry-point.ts';

const root = pathFrom(import.meta.url, '../..');
const electronVersion = (
  createRequire(import.meta.url)('electron/package.json') as { version: string }
).version;
const out = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const report = join(out, 'report.csv');
const run = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
    '-i',
    join(root, 'electron/app'),
    '-e',
    electronVersion,
    '-o',
    report,
  ],
  { cwd: root, encoding: 'utf8' },
);
let rows: string[][] = [];
try {
  rows = readFileSync(report, 'utf8').trim().split('\n').slice(1).map(csvCells);
} catch {
  process.stderr.write(`electronegativity produced no report:\n${run.stdout}\n${run.stderr}\n`);
  process.exit(1);
} finally {
  rmSync(out, { recursive: true, force: true });
}
const REVIEWED: Record<string, string> = {
  // Flags every use of a preload. Ours (electron/app/preload.ts) exposes one function per
  // channel of ipc.ts through contextBridge, never ipcRenderer; the main side answers only the
  // app window, and only with the arguments each channel takes (shell/bridge.ts).
  PRELOAD_JS_CHECK:
    'preload reviewed: one contextBridge function per channel, no ipcRenderer exposed',
  // Flags shell.openExternal with anything but a literal. Ours open only the addresses
  // security.ts externalTargets() builds from the configured ports, chosen by a target name
  // that externalTarget() matched (shell/external.ts), and an exercise's notebook address that
  // the service itself answered and isExerciseNotebookUrl() accepted (shell/bridge.ts); never a
  // URL from a page.
  OPEN_EXTERNAL_JS_CHECK:
    'openExternal reviewed: only externalTargets() addresses and the service-answered notebook address',
};
const serious = rows.filter(
  (r) => (r[1] === 'HIGH' || r[1] === 'MEDIUM') && !(r[0] && r[0] in REVIEWED),
);
for (const r of rows)
  if (r[0] && r[0] in REVIEWED) process.stdout.write(`reviewed ${r[0]}: ${REVIEWED[r[0]]}\n`);
for (const r of rows) process.stdout.write(`${r[1]?.padEnd(6)} ${r[0]} ${r[3]}:${r[4]}\n`);
process.stdout.write(
  `electronegativity (Electron ${electronVersion}): ${rows.length} findings, ${serious.length} of high or medium severity not reviewed\n`,
);
process.exit(serious.length > 0 ? 1 : 0);

/** Cells of one CSV line; quoted cells may hold commas. */
function csvCells(line: string): string[] {
  return [...line.matchAll(/\s*(?:"([^"]*)"|([^,]*))\s*(?:,|$)/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    .slice(0, 8);
}
