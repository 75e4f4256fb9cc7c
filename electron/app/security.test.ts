import { describe, expect, it } from 'vitest';
import {
  externalTarget,
  externalTargets,
  isAppUrl,
  isExerciseNotebookUrl,
  isPermissionGranted,
  isTrustedSender,
} from './security.ts';

const ORIGIN = 'http://127.0.0.1:18000';

describe('desktop app security rules', () => {
  it('lets the window show only its own dashboard', () => {
    expect(isAppUrl('http://127.0.0.1:18000/', ORIGIN)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:18000/api/health', ORIGIN)).toBe(true);
    for (const url of [
      'http://127.0.0.1:18001/',
      'http://localhost:18000/',
      'https://127.0.0.1:18000/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url, ORIGIN), url).toBe(false);
    }
  });

  it('opens only the fixed external destinations', () => {
    expect(externalTarget('http://127.0.0.1:17080/')).toBe('spark-master-ui');
    expect(externalTarget('http://localhost:14040')).toBe('spark-application-ui');
    expect(externalTarget('https://spark.apache.org/docs/3.5.8/')).toBe('spark-docs');
    for (const url of [
      'http://127.0.0.1:17080/../admin',
      'http://127.0.0.1:17080@evil.example/',
      'http://evil.example/?http://127.0.0.1:17080/',
      'https://spark.apache.org.evil.example/docs/3.5.8/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://share/x',
    ]) {
      expect(externalTarget(url), url).toBeUndefined();
    }
  });

  it('follows the configured Spark ports, and only those', () => {
    const moved = { masterUi: 27080, master: 27077, appUi: 24040, notebook: 28888 };
    expect(externalTarget('http://127.0.0.1:27080/', moved)).toBe('spark-master-ui');
    expect(externalTarget('http://127.0.0.1:24040/', moved)).toBe('spark-application-ui');
    expect(externalTarget('http://127.0.0.1:17080/', moved)).toBeUndefined();
    expect(externalTargets(moved)['spark-master-ui']).toBe('http://127.0.0.1:27080/');
  });

  it("accepts only an exercise notebook's address on the notebook port, with a token", () => {
    const ports = { masterUi: 17080, master: 17077, appUi: 14040, notebook: 18888 };
    const good = `http://127.0.0.1:18888/lab/tree/exercises/01-bronze/01-bronze.ipynb?token=${'a1'.repeat(24)}`;
    expect(isExerciseNotebookUrl(good, '01-bronze', ports)).toBe(true);
    for (const [url, id] of [
      [good, '02-timestamps'],
      [good.replace('18888', '18889'), '01-bronze'],
      [good.replace('127.0.0.1', 'evil.example'), '01-bronze'],
      [`${good}&next=https://evil.example/`, '01-bronze'],
      [good.replace('?token=', '?x=1&token='), '01-bronze'],
      ['http://127.0.0.1:18888/lab/tree/exercises/../../etc/passwd?token=abcdefabcdefabcd', '..'],
    ] as const) {
      expect(isExerciseNotebookUrl(url, id, ports), url).toBe(false);
    }
  });

  it('answers IPC only for the app window showing the app', () => {
    expect(isTrustedSender('http://127.0.0.1:18000/', ORIGIN, true)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:18000/', ORIGIN, false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', ORIGIN, true)).toBe(false);
    expect(isTrustedSender(undefined, ORIGIN, true)).toBe(false);
  });

  it('grants the app own pages the clipboard write, and nothing else to anyone', () => {
    expect(
      isPermissionGranted('clipboard-sanitized-write', 'http://127.0.0.1:18000/', ORIGIN),
    ).toBe(true);
    // The permission check handler gets an origin, not a URL.
    expect(isPermissionGranted('clipboard-sanitized-write', ORIGIN, ORIGIN)).toBe(true);
    for (const [permission, url] of [
      ['clipboard-sanitized-write', 'http://127.0.0.1:18001/'],
      ['clipboard-sanitized-write', 'https://evil.example/'],
      ['clipboard-sanitized-write', undefined],
      ['clipboard-read', 'http://127.0.0.1:18000/'],
      ['media', 'http://127.0.0.1:18000/'],
      ['notifications', 'http://127.0.0.1:18000/'],
      ['openExternal', 'http://127.0.0.1:18000/'],
    ] as const) {
      expect(isPermissionGranted(permission, url, ORIGIN), `${permission} ${url}`).toBe(false);
    }
  });
});
