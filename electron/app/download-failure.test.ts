import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { downloadFailure } from './download-failure.ts';
import { electronBinary } from './electron-binary.ts';

describe('downloadFailure', () => {
  it('gives the reason of an installer that could not fetch, without the stack', () => {
    const output = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:15270:13',
      '    at async FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:46:30)',
    ].join('\n');
    expect(downloadFailure(output)).toBe('fetch failed');
  });

  it('prefers the cause when the installer prints one', () => {
    const output =
      'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous>\n';
    expect(downloadFailure(output)).toBe('getaddrinfo ENOTFOUND github.com');
  });

  it('says a timeout or a spawn failure as it is', () => {
    expect(downloadFailure('', new Error('spawnSync node ETIMEDOUT'))).toBe(
      'spawnSync node ETIMEDOUT',
    );
  });

  it('reads what the real installer prints where it cannot download', () => {
    // On this kind of machine the download is refused: that output, not a sample of it.
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const r = spawnSync(process.execPath, ['node_modules/electron/install.js'], {
      encoding: 'utf8',
      env: { ...env, electron_config_cache: '/nonexistent-cache', ELECTRON_GET_USE_PROXY: '' },
      timeout: 120_000,
    });
    if (r.status === 0) {
      // It could download here: then the binary is there, and there is nothing to explain.
      expect(electronBinary()).toBeTruthy();
      return;
    }
    const reason = downloadFailure(`${r.stdout}${r.stderr}`, r.error);
    expect(reason).not.toMatch(/\n|^\s*at /);
    expect(reason.length).toBeGreaterThan(3);
  });
});
