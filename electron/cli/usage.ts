// The usage text, per command: `<command> --help` shows its own part, a usage error the whole.

export const COMMAND_USAGE = {
  serve: `  npm run serve -- [--preset NAME | --config FILE] [--data-dir DIR] [--port N]
                   [--seed N] [--paused] [--workers N] [--host ADDR] [--presets-dir DIR]
                   [--allow-origin ORIGIN]... [--join CLASS-CODE] [--recipe FILE]
                   [--container [--no-token]]
                   [--spark-master-ui URL --spark-jobs URL]
                   [--notebook URL] [--notebook-public URL]
                   [--master-ui-port N] [--master-port N] [--app-ui-port N] [--notebook-port N]`,
  generate: `  npm run generate -- (--preset NAME | --config FILE) --from ISO --to ISO
                      [--data-dir DIR] [--seed N] [--workers N] [--fsync]`,
  validate: '  npm run validate -- FILE...',
  presets: '  npm run presets',
  recipe: '  npm run recipe -- [--data-dir DIR] [--out recipe.json]',
  answers:
    '  npm run answers -- [--data-dir DIR] [--from ISO] [--to ISO] [--out DIR] [--format csv|jsonl]',
  exercises: '  npm run exercises -- [list | prepare ID | release ID] [--data-dir DIR] [--json]',
  check: '  npm run check -- --exercise ID [--table PATH] [--data-dir DIR] [--json]',
  'setup:python': '  npm run setup:python',
  doctor: `  npm run doctor -- [--data-dir DIR] [--json]
                    [--master-ui-port N] [--master-port N] [--app-ui-port N] [--notebook-port N]`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export const USAGE = `Usage:\n${Object.values(COMMAND_USAGE).join('\n')}`;

export function usageOf(command: CommandName): string {
  return `Usage:\n${COMMAND_USAGE[command]}`;
}
