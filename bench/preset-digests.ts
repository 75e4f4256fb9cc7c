// Prints the digest of each shipped preset over its fixed range (electron/testing/preset-digests.ts);
// `--write` records them in electron/testing/preset-digests.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { DIGEST_RANGES, DIGESTS_FILE, presetDigest } from '../electron/testing/preset-digests.ts';

const recorded = JSON.parse(readFileSync(DIGESTS_FILE, 'utf8')) as Record<
  string,
  { sha256: string }
>;
const now: Record<string, { from: string; to: string; files: number; sha256: string }> = {};
let moved = 0;
for (const [preset, range] of Object.entries(DIGEST_RANGES)) {
  const { sha256, files } = await presetDigest(preset);
  now[preset] = { from: range[0], to: range[1], files, sha256 };
  const same = recorded[preset]?.sha256 === sha256;
  if (!same) moved++;
  console.log(
    `${preset.padEnd(18)} ${range[0]} .. ${range[1]}  ${String(files).padStart(5)} files  ${sha256.slice(0, 16)}  ${same ? 'unchanged' : 'CHANGED'}`,
  );
}
if (process.argv.includes('--write')) {
  writeFileSync(DIGESTS_FILE, `${JSON.stringify(now, null, 2)}\n`);
  console.log(`recorded in ${DIGESTS_FILE}`);
} else if (moved > 0) {
  console.log(`${moved} preset(s) differ from the recorded digests`);
  process.exitCode = 1;
}
