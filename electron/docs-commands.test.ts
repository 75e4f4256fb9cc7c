// The README and docs/ tell users what to type, so every command in their shell blocks is
// checked: npm scripts exist and take the flags shown, the files named exist, the Spark jobs
// take the options shown, pinned versions match the tested ones, and the API snippets run as
// written (port aside) against a real `serve`. A command of a new kind fails until it has a rule.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './testing/presets.ts';
import { type Served, serve } from './testing/serve.ts';

interface Command {
  file: string;
  text: string;
}

const DOC_FILES = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The shell blocks of a Markdown file, continuation lines joined, comments dropped. */
function shellBlocks(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8').replace(/\r\n/g, '\n');
  // A usage synopsis goes on without a backslash on lines that start with `[` or `(`.
  return [...text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? '').replace(/\\\n\s*/g, ' ').replace(/\n\s+(?=[[(])/g, ' '),
  );
}

/** Each simple command of every shell block (split at `&&` and `;`). */
function commands(): Command[] {
  const out: Command[] = [];
  for (const file of DOC_FILES) {
    for (const block of shellBlocks(file)) {
      for (const line of block.split('\n')) {
        const code = line.replace(/(^|\s)#.*$/, '').trim();
        for (const part of code.split(/\s*(?:&&|;)\s*/)) {
          if (part) out.push({ file, text: part });
        }
      }
    }
  }
  return out;
}

const ALL = commands();
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

function sourceText(dir: string): string {
  const full = join(REPO_ROOT, dir);
  if (!existsSync(full)) return '';
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** Every option name the CLI's parsers declare (`'data-dir': { type: ...`). */
function cliOptions(): Set<string> {
  const text = sourceText('electron/cli');
  return new Set(
    [...text.matchAll(/['"]?([a-z][a-z-]*)['"]?\s*:\s*\{\s*type:\s*'(?:string|boolean)'/g)].map(
      (m) => m[1] as string,
    ),
  );
}

function flags(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s[(|])--([a-z][a-z-]*)/g)].map((m) => m[1] as string);
}

/** Repository paths a command names (`docker/...`, `exercises/...`). */
function repoPaths(text: string): string[] {
  return [
    ...text.matchAll(/(?:^|\s)((?:docker|exercises|presets|electron|bench|e2e)\/[\w./-]+)/g),
  ].map((m) => (m[1] as string).replace(/[.,]$/, ''));
}

const composeFile = readFileSync(join(REPO_ROOT, 'docker', 'docker-compose.yml'), 'utf8');
const composeServices = new Set(
  [
    ...(/^services:\n([\s\S]*?)(?:^\S|$(?![\s\S]))/m.exec(composeFile)?.[1] ?? '').matchAll(
      /^ {2}([\w-]+):/gm,
    ),
  ].map((m) => m[1] as string),
);
const pinned = new Map(
  readFileSync(join(REPO_ROOT, 'docker', 'requirements-test.txt'), 'utf8')
    .split('\n')
    .map((l) => /^([\w-]+)==([\w.]+)/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] as string, m[2] as string]),
);

/** The one check of a command, by what it starts with; undefined when no rule knows it. */
function checkOf(cmd: string): (() => void) | undefined {
  const words = cmd.split(/\s+/);
  const [first, second, third] = words;
  if (first === 'npm') {
    if (second === 'install' || second === 'ci' || second === 'start' || second === 'test')
      return () => undefined;
    if (second === 'run')
      return () => {
        expect(Object.keys(packageJson.scripts), cmd).toContain(third);
        const script = packageJson.scripts[third as string] ?? '';
        if (script.startsWith('node electron/run.mjs')) {
          const known = cliOptions();
          for (const flag of flags(cmd)) expect([...known], `${cmd}: --${flag}`).toContain(flag);
        }
      };
  }
  if (first === 'cd') return () => expect(existsSync(join(REPO_ROOT, second ?? ''))).toBe(true);
  if (first === 'docker' && second === 'compose')
    return () => {
      const profile = /--profile\s+(\S+)/.exec(cmd)?.[1];
      if (profile)
        expect(composeFile, cmd).toMatch(new RegExp(`profiles: \\[[^\\]]*\\b${profile}\\b`));
      const service = /\s(?:exec|kill -s \S+)\s+([\w-]+)/.exec(cmd)?.[1];
      if (service) expect([...composeServices], cmd).toContain(service);
      const file = /-f\s+(\S+)/.exec(cmd)?.[1];
      if (file && !file.startsWith('<')) expect(existsSync(join(REPO_ROOT, file)), cmd).toBe(true);
    };
  if (first === 'spark-submit' || (first === 'python3' && second?.endsWith('.py')))
    return () => {
      const script = first === 'spark-submit' ? second : second;
      expect(existsSync(join(REPO_ROOT, script as string)), cmd).toBe(true);
      const source = readFileSync(join(REPO_ROOT, script as string), 'utf8');
      const jobDir = join(REPO_ROOT, 'docker', 'spark', 'jobs');
      const shared = readdirSync(jobDir)
        .filter((f) => f.endsWith('.py'))
        .map((f) => readFileSync(join(jobDir, f), 'utf8'))
        .join('\n');
      for (const flag of flags(cmd)) {
        expect(`${source}\n${shared}`, `${cmd}: --${flag}`).toContain(`"--${flag}"`);
      }
    };
  if (first === 'pip')
    return () => {
      for (const [, name, version] of cmd.matchAll(/([\w-]+)==([\w.]+)/g))
        expect(pinned.get(name as string), cmd).toBe(version);
    };
  if (first === 'bash' && second?.endsWith('.sh'))
    return () => expect(existsSync(join(REPO_ROOT, second))).toBe(true);
  if (first === 'touch' || first === 'export') return () => undefined;
  if (cmd.includes('curl ')) return () => undefined; // run live below
  return undefined;
}

describe('the commands in the README and docs/', () => {
  it('finds the blocks it checks', () => {
    expect(DOC_FILES.length).toBeGreaterThan(5);
    expect(ALL.some((c) => c.text.startsWith('npm run serve'))).toBe(true);
    expect(ALL.some((c) => c.text.startsWith('curl'))).toBe(true);
  });

  it.each(ALL.map((c) => [c.file, c.text] as const))('%s: %s', (_file, text) => {
    const check = checkOf(text);
    expect(check, `no rule checks this kind of command: ${text}`).toBeDefined();
    check?.();
    for (const path of repoPaths(text)) expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
  });
});

describe('the API snippets, run as written against a real serve', () => {
  let served: Served;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'docs-snippets-'));
    served = await serve(['--data-dir', dir, '--preset', 'emulated-5s']);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // A block runs as one script, so a line may use a variable set above it (log cursors).
  // Starting Spark is left to the Spark lanes.
  const blocks = DOC_FILES.flatMap((file) =>
    shellBlocks(file)
      .filter((b) => b.includes('curl ') && b.includes('127.0.0.1:18000/api/'))
      .filter((b) => !/\/api\/spark\//.test(b))
      .map((b) => [file, b] as const),
  );

  it('has snippets to run', () => expect(blocks.length).toBeGreaterThanOrEqual(3));

  it.each(blocks)('%s: %s', (_file, block) => {
    for (const line of block.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
      const script = line.replaceAll('127.0.0.1:18000', `127.0.0.1:${served.port}`);
      const shared = block
        .split('\n')
        .filter((l) => /^\w+=\$\(/.test(l.trim()))
        .map((l) => l.replaceAll('127.0.0.1:18000', `127.0.0.1:${served.port}`));
      const run = spawnSync('bash', ['-o', 'pipefail', '-c', [...shared, script].join('\n')], {
        encoding: 'utf8',
      });
      expect(run.status, `${line}\n${run.stderr}`).toBe(0);
      if (!/^\w+=\$\(/.test(line.trim())) {
        expect(run.stdout.trim(), line).not.toBe('');
        expect(run.stdout.trim(), line).not.toBe('null');
      }
    }
  });
});
