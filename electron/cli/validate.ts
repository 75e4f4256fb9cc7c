// `validate FILE...`: every problem of each config file; exit 2 when any is invalid.
import { loadConfigFile } from '../service/dataset/presets.ts';
import { EXIT, UsageError } from './exit-codes.ts';

export function validate(files: string[]): void {
  if (files.length === 0) throw new UsageError('give one or more config files to validate');
  let invalid = 0;
  for (const file of files) {
    const result = loadConfigFile(file);
    if (result.ok) {
      process.stdout.write(`ok       ${file} (${result.config.name})\n`);
    } else {
      invalid++;
      process.stdout.write(
        `invalid  ${file}\n${result.issues.map((i) => `  - ${i.message}`).join('\n')}\n`,
      );
    }
  }
  if (invalid > 0) {
    process.stderr.write(
      `${invalid} of ${files.length} config file${files.length === 1 ? ' is' : 's are'} invalid\n`,
    );
    process.exit(EXIT.refused);
  }
}
