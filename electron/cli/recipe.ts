// `recipe`: the recipe of a data folder's dataset, to share with a class (stdout or --out).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { classCodeFor, recipeText } from '../../shared/recipe.ts';
import { dataPaths } from '../service/store/paths.ts';
import { epochFromRecord, readStateFile } from '../service/store/state.ts';
import { InputError } from './exit-codes.ts';

export function exportRecipe(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const dataDir = resolve(values['data-dir'] ?? 'data');
  const file = dataPaths(dataDir).state;
  const state = readStateFile(file);
  if (!state) throw new InputError(`${dataDir} holds no dataset (no ${file})`);
  const record = state.epochs.at(-1);
  if (!record) throw new InputError(`${dataDir} holds no dataset yet`);
  const epoch = epochFromRecord(record);
  const text = recipeText(epoch.config, epoch);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  process.stderr.write(
    `class code: ${classCodeFor(epoch)}${values.out ? ` (recipe in ${values.out})` : ''}\n`,
  );
}
