// `generate` as users run it (docs/presets.md, Generating data), over real processes and files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawDigest, runCli } from '../testing/cli.ts';
import { REPO_ROOT } from '../testing/presets.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(scratch, `d${counter++}`);

async function generate(dir: string, ...args: string[]) {
  const result = await runCli(['generate', '--data-dir', dir, ...args]);
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  return result;
}

const DAY = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-01-02T00:00:00Z'];

describe('generate: reproducibility', () => {
  it('gives byte-identical files for the same preset, seed and range, with 1 or 2 workers', async () => {
    const [a, b, c] = [freshDir(), freshDir(), freshDir()];
    const run = await generate(a, '--preset', 'quality-injection', ...DAY, '--workers', '2');
    expect(run.stdout).toMatch(/generated 96 driver batches and 49 company batches/);
    expect(run.stdout).toMatch(/events\/s: [\d,]+/);
    await generate(b, '--preset', 'quality-injection', ...DAY, '--workers', '2');
    await generate(c, '--preset', 'quality-injection', ...DAY, '--workers', '1');
    const digest = rawDigest(a);
    // companies, its quality list, and for each of the 96 batches events, meta and _quality.
    expect(digest.has('raw/companies.jsonl')).toBe(true);
    expect(digest.has('raw/_companies_quality.jsonl')).toBe(true);
    expect([...digest.keys()].filter((k) => k.endsWith('/events.jsonl')).length).toBe(96);
    expect([...digest.keys()].filter((k) => k.endsWith('/_quality.jsonl')).length).toBe(96);
    expect(rawDigest(b)).toEqual(digest);
    expect(rawDigest(c)).toEqual(digest);
  });

  it('gives byte-identical late-data files with 1 or 2 workers, _late.jsonl included', async () => {
    const range = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-01-01T00:10:00Z'];
    const [a, b] = [freshDir(), freshDir()];
    await generate(a, '--preset', 'late-data', ...range, '--workers', '2');
    await generate(b, '--preset', 'late-data', ...range, '--workers', '1');
    const digest = rawDigest(a);
    expect([...digest.keys()].filter((k) => k.endsWith('/events.jsonl')).length).toBe(60);
    expect([...digest.keys()].filter((k) => k.endsWith('/_late.jsonl')).length).toBeGreaterThan(30);
    expect(rawDigest(b)).toEqual(digest);
    expect(readFileSync(join(a, 'manifests', 'dataset.md'), 'utf8')).toMatch(
      /`raw\/events\/<batch_id>\/_late.jsonl`: one line per late row/,
    );
  });

  it('runs light work without worker threads and heavy work in as many as asked for', async () => {
    const light = await generate(
      freshDir(),
      '--preset',
      'small',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T00:15:00Z',
    );
    expect(light.stdout).toMatch(/generated 1 driver batches/);
    expect(light.stdout).toContain('light enough to run without worker threads');
    // Two batches of about 105,000 events each.
    const heavy = await generate(
      freshDir(),
      '--preset',
      'scaling',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T00:30:00Z',
      '--workers',
      '2',
    );
    expect(heavy.stdout).toMatch(/generated 2 driver batches/);
    expect(heavy.stdout).toMatch(/, 2 workers\)/);
  });

  it('gives different files for a different seed', async () => {
    const [a, b] = [freshDir(), freshDir()];
    await generate(a, '--preset', 'base', ...DAY);
    await generate(b, '--preset', 'base', ...DAY, '--seed', '43');
    const [da, db] = [rawDigest(a), rawDigest(b)];
    expect([...db.keys()]).toEqual([...da.keys()]);
    for (const [path, hash] of da) expect(db.get(path), path).not.toBe(hash);
  });

  // One test per preset: each makes three runs, and four presets in one test outgrew its timeout.
  for (const [preset, a, b, c] of [
    ['quality-injection', '2024-01-01T00:00:00Z', '2024-01-01T07:20:00Z', '2024-01-02T00:00:00Z'],
    ['emulated-5s', '2024-01-01T00:00:00Z', '2024-01-01T00:03:17Z', '2024-01-01T00:10:00Z'],
    // Batches right after the split carry late rows of batches before it.
    ['late-data', '2024-01-01T00:00:00Z', '2024-01-01T00:03:17Z', '2024-01-01T00:10:00Z'],
    ['world', '2024-01-01T00:00:00Z', '2024-01-01T07:20:00Z', '2024-01-02T00:00:00Z'],
  ] as const) {
    it(`${preset}: generating [a, c) equals generating [a, b) then [b, c) into the same dir`, async () => {
      const [whole, split] = [freshDir(), freshDir()];
      await generate(whole, '--preset', preset, '--from', a, '--to', c);
      await generate(split, '--preset', preset, '--from', a, '--to', b);
      const second = await generate(split, '--preset', preset, '--from', b, '--to', c);
      expect(second.stdout).not.toMatch(/skipped/);
      expect(rawDigest(split)).toEqual(rawDigest(whole));
    });
  }

  it('skips what is already there when a range is run again, changing nothing', async () => {
    const dir = freshDir();
    await generate(dir, '--preset', 'small', ...DAY);
    const before = rawDigest(dir);
    const again = await generate(dir, '--preset', 'small', ...DAY);
    expect(again.stdout).toMatch(/generated 0 driver batches and 0 company batches/);
    expect(again.stdout).toMatch(/skipped 96 driver batches already present/);
    expect(rawDigest(dir)).toEqual(before);
  });

  it('writes the manifests of the data folder layout (docs/data-folder.md)', async () => {
    const dir = freshDir();
    await generate(dir, '--preset', 'base', ...DAY);
    const manifest = JSON.parse(
      readFileSync(join(dir, 'manifests', 'batch_manifest.json'), 'utf8'),
    );
    expect(Object.keys(manifest)).toEqual(['last_batch_id', 'total_events', 'last_updated']);
    expect(manifest.last_batch_id).toBe('20240101T234500Z');
    const metas = readdirSync(join(dir, 'raw', 'events')).map((id) =>
      JSON.parse(readFileSync(join(dir, 'raw', 'events', id, 'batch_meta.json'), 'utf8')),
    );
    expect(manifest.total_events).toBe(metas.reduce((n, m) => n + m.event_count, 0));
    expect(JSON.parse(readFileSync(join(dir, 'manifests', 'seed_manifest.json'), 'utf8'))).toEqual({
      seed: 42,
    });
    expect(readFileSync(join(dir, 'manifests', 'dataset.md'), 'utf8')).toMatch(
      /\| 0 \| 2024-01-01T00:00:00Z \| base \| 42 \| production/,
    );
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    expect(state.drivers.batches).toBe(96);
    expect(state.companies.bytes).toBe(readFileSync(join(dir, 'raw', 'companies.jsonl')).length);
    const logDays = readdirSync(join(dir, 'manifests', 'logs'));
    const log = readFileSync(
      join(dir, 'manifests', 'logs', logDays[0] as string, 'generator.log.jsonl'),
      'utf8',
    );
    const entry = JSON.parse(log.split('\n')[0] as string);
    expect(Object.keys(entry)).toEqual([
      'timestamp',
      'level',
      'component',
      'run_id',
      'message',
      'metadata',
    ]);
    expect(log).toMatch(/committed driver batch/);
  });
});

describe('generate: bad input', () => {
  const validFile = join(REPO_ROOT, 'presets', 'base.yaml');
  const twoDocuments = join(scratch, 'two-documents.yaml');
  writeFileSync(twoDocuments, `${readFileSync(validFile, 'utf8')}\n---\nseed: 5\n`);
  const cases: Array<[string, string[], RegExp]> = [
    [
      'an unknown preset',
      ['--preset', 'bsae', ...DAY],
      /unknown preset "bsae" \(did you mean base\?\)/,
    ],
    [
      'a missing config file',
      ['--config', '/nonexistent/x.yaml', ...DAY],
      /cannot read \/nonexistent\/x\.yaml \(ENOENT\)/,
    ],
    [
      '--to before --from',
      ['--preset', 'base', '--from', '2024-01-02T00:00:00Z', '--to', '2024-01-01T00:00:00Z'],
      /--to \(2024-01-01T00:00:00Z\) must be after --from/,
    ],
    [
      'a malformed date',
      ['--preset', 'base', '--from', 'yesterday', '--to', '2024-01-01'],
      /--from \(yesterday\) is not a valid ISO-8601 date/,
    ],
    [
      'an impossible date',
      ['--preset', 'base', '--from', '2024-02-30', '--to', '2024-03-02'],
      /--from \(2024-02-30\) is not a valid ISO-8601 date/,
    ],
    [
      'a range too large for one run',
      ['--preset', 'emulated-5s', '--from', '1970-01-01', '--to', '2024-01-01'],
      /range_too_large: 1970-01-01T00:00:00Z to 2024-01-01T00:00:00Z would make 340,813,440 driver batches and about [\d,]+ events; one run makes at most 200,000 batches/,
    ],
    [
      'a two-document YAML config',
      ['--config', twoDocuments, ...DAY],
      /a preset is one YAML document/,
    ],
    ['no preset', [...DAY], /--preset NAME or --config FILE is required/],
    [
      'both preset and config',
      ['--preset', 'base', '--config', validFile, ...DAY],
      /either --preset or --config/,
    ],
    [
      'zero workers',
      ['--preset', 'base', ...DAY, '--workers', '0'],
      /--workers \(0\) must be a whole number from 1/,
    ],
    ['a seed out of range', ['--preset', 'base', ...DAY, '--seed', '-5'], /--seed/],
    ['an unknown option', ['--preset', 'base', ...DAY, '--sed', '5'], /Unknown option '--sed'/],
  ];
  it.each(cases)(
    'exits 2 with a clear message for %s, writing nothing',
    async (_name, args, message) => {
      const dir = freshDir();
      const result = await runCli(['generate', '--data-dir', dir, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(dir)).toBe(false);
    },
  );

  const invalidConfigs: Array<[string, string, RegExp]> = [
    [
      'a missing key',
      'drivers_per_company: 5\nevent_rate_per_driver: 3\ncompany_onboarding_interval: PT1H\n',
      /number_of_companies is required/,
    ],
    [
      'a zero',
      'number_of_companies: 0\ndrivers_per_company: 5\nevent_rate_per_driver: 3\ncompany_onboarding_interval: PT1H\n',
      /number_of_companies \(0\) must be > 0/,
    ],
    [
      'PT0S',
      'number_of_companies: 1\ndrivers_per_company: 5\nevent_rate_per_driver: 3\ncompany_onboarding_interval: PT0S\n',
      /company_onboarding_interval \("PT0S"\) must be at least 1 second/,
    ],
    [
      'an unknown key',
      'number_of_companies: 1\ndrivers_per_company: 5\nevent_rate_per_driver: 3\ncompany_onboarding_interval: PT1H\nseeed: 4\n',
      /seeed is not a known key \(did you mean seed\?\)/,
    ],
    ['non-YAML', '{number_of_companies: 1\n', /not valid YAML/],
  ];
  it.each(invalidConfigs)(
    'refuses a config with %s, naming the key, writing nothing',
    async (_name, yaml, message) => {
      const dir = freshDir();
      const file = join(scratch, `bad-${counter++}.yaml`);
      writeFileSync(file, yaml);
      const result = await runCli(['generate', '--data-dir', dir, '--config', file, ...DAY]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(dir)).toBe(false);
    },
  );

  it('exits 2 when the data dir cannot be written', async () => {
    const file = join(scratch, `plain-file-${counter++}`);
    writeFileSync(file, 'not a folder');
    const result = await runCli([
      'generate',
      '--data-dir',
      join(file, 'data'),
      '--preset',
      'base',
      ...DAY,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/data_dir_unwritable: data dir .* is not writable \(ENOTDIR\)/);
  });

  it.runIf(existsSync('/proc/self'))(
    'fails at once on a folder the file system will never make (/proc), for generate and serve',
    async () => {
      for (const command of [
        ['generate', '--preset', 'base', ...DAY],
        ['serve', '--port', '0'],
      ]) {
        // Node's recursive mkdir never returns here: the test's timeout would end it.
        const result = await runCli([...command, '--data-dir', '/proc/spark-exp-nope/data']);
        expect(result.code, command[0]).toBe(2);
        expect(result.stderr).toMatch(
          /data_dir_unwritable: data dir .* is not writable \(ENOENT\)/,
        );
      }
    },
    40_000,
  );

  it('refuses to rewrite a dataset with another preset over its existing range', async () => {
    const dir = freshDir();
    await generate(dir, '--preset', 'base', ...DAY);
    const before = rawDigest(dir);
    const result = await runCli(['generate', '--data-dir', dir, '--preset', 'small', ...DAY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /range_overlaps_dataset: .*preset base, seed 42\) up to 2024-01-02T00:00:00Z/,
    );
    expect(rawDigest(dir)).toEqual(before);
  });
});
