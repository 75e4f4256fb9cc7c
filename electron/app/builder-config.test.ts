// The installer configuration, read as electron-builder reads it: valid against the schema of
// the electron-builder installed here, and with the macOS settings a release pipeline needs to
// sign and notarize in one step.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  mac: {
    target: Array<{ target: string; arch: string[] }>;
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    notarize: boolean;
  };
};

describe('electron-builder configuration', () => {
  it('is valid for the installed electron-builder', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('builds the Mac app for Apple silicon and Intel, hardened and notarized', () => {
    const archs = config.mac.target.flatMap((t) => t.arch);
    expect(new Set(archs)).toEqual(new Set(['arm64', 'x64']));
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
  });

  it('grants the app and its helpers only the JIT exception', () => {
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    const plist = readFileSync(join(root, config.mac.entitlements), 'utf8').replace(
      /<!--[\s\S]*?-->/g,
      '',
    );
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    // Every key is granted (a `false` entitlement is left out, as Apple asks).
    expect([...plist.matchAll(/<key>/g)]).toHaveLength(granted.length);
  });
});
