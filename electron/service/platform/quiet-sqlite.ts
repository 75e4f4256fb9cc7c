// Node's built-in SQLite, loaded without its ExperimentalWarning: the data-folder lock uses it
// only to hold an OS file lock, and users should not see a warning about a feature they never
// asked for. Only that one warning, only while the module loads, is held back.
type Sqlite = typeof import('node:sqlite');

let loaded: Sqlite | undefined;

export function quietSqlite(): Sqlite {
  if (loaded) return loaded;
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string })?.type;
    if (type === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(text)) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    // Not an import: bundles (esbuild) and loaders must leave it to run time, inside the filter.
    loaded = process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = original;
  }
  return loaded;
}
