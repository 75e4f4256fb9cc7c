import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigYaml } from '../../../shared/config.ts';
import { REPO_ROOT } from '../../testing/presets.ts';
import { DEFAULT_EXERCISES_DIR, loadCourse } from './exercises.ts';
import { splitFrontMatter } from './front-matter.ts';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

describe('files edited on Windows (CRLF line endings)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('loads the course from exercise files checked out with CRLF, as from LF', () => {
    dir = mkdtempSync(join(tmpdir(), 'crlf-exercises-'));
    const names = readdirSync(DEFAULT_EXERCISES_DIR).filter((n) => /^\d{2}-.*\.md$/.test(n));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const text = readFileSync(join(DEFAULT_EXERCISES_DIR, name), 'utf8');
      writeFileSync(join(dir, name), crlf(text));
    }
    const fromCrlf = loadCourse(dir);
    expect(fromCrlf).toEqual(loadCourse(DEFAULT_EXERCISES_DIR));
    for (const exercise of fromCrlf) expect(exercise.text).not.toContain('\r');
  });

  it('reads front matter after a byte-order mark and with old Mac CR endings', () => {
    const lf = '---\nid: 01-x\ntitle: T\n---\nBody line 1\nline 2\n';
    expect(splitFrontMatter(`\uFEFF${crlf(lf)}`)).toEqual({
      yaml: 'id: 01-x\ntitle: T',
      body: 'Body line 1\nline 2\n',
    });
    expect(splitFrontMatter(lf.replace(/\n/g, '\r'))).toEqual(splitFrontMatter(lf));
    expect(splitFrontMatter('no front matter\r\n')).toBeUndefined();
  });

  it('parses every shipped preset saved with CRLF to the same config', () => {
    const presets = join(REPO_ROOT, 'presets');
    const files = readdirSync(presets).filter((n) => n.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(presets, file), 'utf8');
      const fromCrlf = parseConfigYaml(crlf(text), file);
      expect(fromCrlf.ok).toBe(true);
      expect(fromCrlf).toEqual(parseConfigYaml(text, file));
    }
  });
});
