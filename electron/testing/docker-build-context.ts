// Test support: what a Dockerfile's final stage copies from the build context, and which
// context files .dockerignore keeps out, read the way Docker reads them, so a fast test can
// tell what an image will hold without building it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface StageCopy {
  /** Context paths (or, with `from`, paths in that stage). */
  sources: string[];
  /** Absolute destination in the image. */
  dest: string;
  from?: string;
}

/** The COPY/ADD instructions of the last stage, destinations resolved against its WORKDIR. */
export function finalStageCopies(dockerfile: string): StageCopy[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const lastFrom = lines.findLastIndex((l) => /^FROM\s/i.test(l));
  let workdir = '/';
  const copies: StageCopy[] = [];
  for (const line of lines.slice(lastFrom + 1)) {
    const [instruction = '', ...words] = line.split(/\s+/);
    if (/^WORKDIR$/i.test(instruction)) workdir = posix.resolve(workdir, words.join(' '));
    if (!/^(COPY|ADD)$/i.test(instruction)) continue;
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    const dest = paths.pop();
    if (!dest) throw new Error(`${line}: no destination`);
    copies.push({ sources: paths, dest: posix.resolve(workdir, dest), ...(from ? { from } : {}) });
  }
  return copies;
}

/** A .dockerignore pattern as Docker's pattern matcher reads it (`**`, `*`, `?`; `!` excepts). */
function patternRegExp(pattern: string): RegExp {
  const clean = posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i] as string;
    if (c === '*' && clean[i + 1] === '*') {
      i++;
      if (clean[i + 1] === '/') {
        i++;
        re += '(.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Whether the context path (posix, relative) is left out by .dockerignore: the last matching
 * pattern wins, and a pattern that matches a parent folder leaves out everything under it.
 */
export function ignoredByDockerignore(dockerignore: string, path: string): boolean {
  const rules = dockerignore
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ exclude: !l.startsWith('!'), re: patternRegExp(l.replace(/^!/, '')) }));
  const parts = path.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) ignored = rule.exclude;
  return ignored;
}

/** Every file under `dir` of the context, as posix paths relative to the context. */
export function contextFiles(context: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const full = join(context, ...rel.split('/'));
    if (!existsSync(full)) return;
    if (!statSync(full).isDirectory()) {
      out.push(rel);
      return;
    }
    for (const name of readdirSync(full).sort()) walk(`${rel}/${name}`);
  };
  walk(dir);
  return out;
}

/** The files of `dir` that a build of `context` with this Dockerfile puts in the image. */
export function shippedFiles(context: string, dockerfilePath: string, dir: string): string[] {
  const dockerignorePath = join(context, '.dockerignore');
  const dockerignore = existsSync(dockerignorePath) ? readFileSync(dockerignorePath, 'utf8') : '';
  const copied = finalStageCopies(readFileSync(dockerfilePath, 'utf8'))
    .filter((c) => !c.from)
    .flatMap((c) => c.sources.map((s) => posix.normalize(s).replace(/\/+$/, '')));
  return contextFiles(context, dir).filter(
    (file) =>
      copied.some((src) => file === src || file.startsWith(`${src}/`)) &&
      !ignoredByDockerignore(dockerignore, file),
  );
}
