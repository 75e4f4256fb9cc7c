// Throughput and memory of `generate` (issue: engine foundation). Prints figures; asserts
// nothing. Run with `npm run bench` (options: --runs N, --hours H, --from-source to run the
// CLI through tsx from the sources, as before the prebuilt bundle).
//
//  0. What a one-batch `generate --preset small` costs, start-up included: wall time and peak
//     resident memory (GNU time), as `npm run generate` runs it.
//  1. `generate --preset scaling` (~105,000 events per batch) for H hours of batches with
//     1 and 2 workers, N runs each: median events/s as the CLI reports it (generate,
//     serialize, write, commit; process start-up excluded) and by wall clock (included).
//  1b. Issue 19: `scaling` with regions (four zones), the daily profile and the company
//     lifecycle switched on, against plain `scaling`, both over one whole day (every zone's
//     profile then averages 1), 2 workers, N runs interleaved: median events/s of each and
//     the world's share of the plain figure (the issue asks for at least 90 %).
//  2. The physical limit: copying the same output files with `cp -r`, as events/s.
//  3. Peak resident memory of one batch of ~1 million events (GNU time's max RSS, which
//     covers the main thread and the worker threads of the process).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    hours: { type: 'string', default: '12' },
    'from-source': { type: 'boolean', default: false },
  },
});
// As `npm run generate` runs it: the launcher and the prebuilt bundle (or the sources).
const entry = values['from-source']
  ? ['--import', 'tsx', join(import.meta.dirname, '..', 'electron', 'cli', 'main.ts')]
  : [join(import.meta.dirname, '..', 'electron', 'run.mjs')];
const runs = Number(values.runs);
const hours = Number(values.hours);
const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-'));
const to = new Date(Date.UTC(2024, 0, 1) + hours * 3_600_000).toISOString();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function generate(args: string[], dataDir: string): { stdout: string; wallSeconds: number } {
  const started = performance.now();
  const stdout = execFileSync(
    process.execPath,
    [...entry, 'generate', '--data-dir', dataDir, ...args],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return { stdout, wallSeconds: (performance.now() - started) / 1000 };
}

function field(stdout: string, pattern: RegExp): number {
  const m = pattern.exec(stdout);
  if (!m?.[1]) throw new Error(`no match for ${pattern} in:\n${stdout}`);
  return Number(m[1].replaceAll(',', ''));
}

if (existsSync('/usr/bin/time')) {
  const seconds: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const dir = join(scratch, `one-${i}`);
    const result = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%e %M',
        process.execPath,
        ...entry,
        'generate',
        '--preset',
        'small',
        '--from',
        '2024-01-01T00:00:00Z',
        '--to',
        '2024-01-01T00:15:00Z',
        '--data-dir',
        dir,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    rmSync(dir, { recursive: true, force: true });
    if (i === 0) continue; // the first run may build the bundle
    const [wall, kb] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    seconds.push(wall as number);
    peaks.push((kb as number) / 1024);
  }
  console.log(
    `one-batch generate --preset small${values['from-source'] ? ' (from source)' : ''}: median ${median(seconds).toFixed(2)} s, peak ${median(peaks).toFixed(0)} MB (runs: ${seconds.map((x) => x.toFixed(2)).join(', ')} s)`,
  );
}

console.log(`generate --preset scaling, ${hours} h of 15-minute batches, ${runs} runs per setting`);
let lastDir = '';
let events = 0;
for (const workers of [1, 2]) {
  const cli: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = join(scratch, `w${workers}-${i}`);
    const { stdout, wallSeconds } = generate(
      [
        '--preset',
        'scaling',
        '--from',
        '2024-01-01T00:00:00Z',
        '--to',
        to,
        '--workers',
        String(workers),
      ],
      dir,
    );
    events = field(stdout, /events: ([\d,]+) valid/);
    cli.push(field(stdout, /events\/s: ([\d,]+)/));
    wall.push(events / wallSeconds);
    if (lastDir) rmSync(lastDir, { recursive: true, force: true });
    lastDir = dir;
  }
  console.log(
    `  workers=${workers}: median ${fmt(median(cli))} events/s (runs: ${cli.map(fmt).join(', ')}); ` +
      `wall clock incl. start-up ${fmt(median(wall))} events/s`,
  );
}

// `scaling` with issue 19's world, as a config file.
const worldScaling = join(scratch, 'scaling-world.yaml');
writeFileSync(
  worldScaling,
  `${readFileSync(join(root, 'presets', 'scaling.yaml'), 'utf8').replace('name: scaling', 'name: scaling-world')}
regions:
  weights: { US: 0.4, EU: 0.3, SA: 0.15, AUS: 0.15 }
  daily_profile: true
lifecycle:
  deactivation_rate: 0.02
  reactivation_rate: 0.1
  after_deactivation_rate: 0.05
`,
);
{
  const day = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-01-02T00:00:00Z', '--workers', '2'];
  const plain: number[] = [];
  const world: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [args, into] of [
      [['--preset', 'scaling'], plain],
      [['--config', worldScaling], world],
    ] as const) {
      const dir = join(scratch, `day-${i}`);
      into.push(field(generate([...args, ...day], dir).stdout, /events\/s: ([\d,]+)/));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `  one day, workers=2: plain ${fmt(median(plain))} events/s (runs: ${plain.map(fmt).join(', ')}); ` +
      `with regions, daily profile and lifecycle ${fmt(median(world))} events/s (runs: ${world.map(fmt).join(', ')}): ` +
      `${((100 * median(world)) / median(plain)).toFixed(1)} % (median of the runs' pairwise shares: ` +
      `${(100 * median(world.map((w, i) => w / (plain[i] as number)))).toFixed(1)} %)`,
  );
}

const copies: number[] = [];
for (let i = 0; i < runs; i++) {
  const target = join(scratch, `copy-${i}`);
  const started = performance.now();
  execFileSync('cp', ['-r', join(lastDir, 'raw'), target]);
  copies.push(events / ((performance.now() - started) / 1000));
  rmSync(target, { recursive: true, force: true });
}
console.log(
  `  cp -r of the same output (${fmt(events)} events): median ${fmt(median(copies))} events/s`,
);
rmSync(lastDir, { recursive: true, force: true });

const million = join(scratch, 'million.yaml');
writeFileSync(
  million,
  'name: million\nseed: 5\nnumber_of_companies: 1000\ndrivers_per_company: 100\nevent_rate_per_driver: 10\ncompany_onboarding_interval: PT1H\n',
);
if (existsSync('/usr/bin/time')) {
  const peaks: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const dir = join(scratch, `million-${i}`);
    const result = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        ...entry,
        'generate',
        '--config',
        million,
        '--from',
        '2024-01-01T00:00:00Z',
        '--to',
        '2024-01-01T00:15:00Z',
        '--data-dir',
        dir,
        '--workers',
        '1',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const kb = Number(result.stderr.trim().split('\n').pop());
    peaks.push(kb / 1024);
    if (i === 0)
      console.log(`one batch of ${fmt(field(result.stdout, /events: ([\d,]+) valid/))} events:`);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `  peak resident memory: median ${median(peaks).toFixed(0)} MB (runs: ${peaks.map((p) => p.toFixed(0)).join(', ')})`,
  );
} else {
  console.log('peak memory: /usr/bin/time not installed (apt-get install time)');
}
rmSync(scratch, { recursive: true, force: true });
