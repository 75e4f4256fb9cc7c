import { describe, expect, it } from 'vitest';
import { finalStageCopies, ignoredByDockerignore } from './docker-build-context.ts';

describe('finalStageCopies', () => {
  it('reads only the last stage, with destinations under its WORKDIR', () => {
    const copies = finalStageCopies(
      [
        'FROM node AS build',
        'WORKDIR /src',
        'COPY shared shared',
        'FROM node',
        'WORKDIR /app',
        'COPY --from=build /src/dist dist',
        'COPY presets \\',
        '  exercises /opt/',
        'WORKDIR sub',
        'ADD a.txt b.txt',
      ].join('\n'),
    );
    expect(copies).toEqual([
      { sources: ['/src/dist'], dest: '/app/dist', from: 'build' },
      { sources: ['presets', 'exercises'], dest: '/opt' },
      { sources: ['a.txt'], dest: '/app/sub/b.txt' },
    ]);
  });
});

describe('ignoredByDockerignore', () => {
  const rules = ['**/node_modules', 'data', 'docs/*.md', '!docs/keep.md', '**/__pycache__'].join(
    '\n',
  );
  it.each([
    ['node_modules/x/index.js', true],
    ['renderer/node_modules/y.js', true],
    ['data/raw/companies.jsonl', true],
    ['exercises/data/x.csv', false],
    ['docs/api.md', true],
    ['docs/keep.md', false],
    ['docs/img/a.png', false],
    ['exercises/checker/__pycache__/check.cpython-311.pyc', true],
    ['exercises/checker/check.py', false],
  ])('%s: %s', (path, ignored) => {
    expect(ignoredByDockerignore(rules, path)).toBe(ignored);
  });
});
