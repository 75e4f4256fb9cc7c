// Headless entry point: `serve`, `generate`, `validate`, `presets`, `recipe`, `answers`,
// `exercises`, `check`, `doctor`. Same service code as the desktop app. Every failure goes through
// errorOutcome (exit-codes.ts) for its line and exit code.
import { answers } from './answers.ts';
import { asksForHelp } from './args.ts';
import { check } from './check.ts';
import { doctor } from './doctor.ts';
import { exercises } from './exercises.ts';
import { errorOutcome, UsageError } from './exit-codes.ts';
import { generate } from './generate.ts';
import { presets } from './presets.ts';
import { exportRecipe } from './recipe.ts';
import { serve } from './serve.ts';
import { setupPython } from './setup-python.ts';
import { COMMAND_USAGE, type CommandName, USAGE, usageOf } from './usage.ts';
import { validate } from './validate.ts';

const COMMANDS: Record<CommandName, (args: string[]) => Promise<void> | void> = {
  serve,
  generate,
  validate,
  presets,
  recipe: exportRecipe,
  answers,
  exercises,
  check,
  'setup:python': setupPython,
  doctor,
};

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMAND_USAGE, name);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    if (!isCommand(command)) throw new UsageError(`unknown command "${command}"`);
    if (asksForHelp(rest)) {
      process.stdout.write(`${usageOf(command)}\n`);
      return;
    }
    await COMMANDS[command](rest);
  } catch (err) {
    const outcome = errorOutcome(err, command);
    process.stderr.write(`error: ${outcome.line}\n`);
    if (outcome.showUsage) process.stderr.write(`\n${USAGE}\n`);
    process.exit(outcome.exitCode);
  }
}

await main(process.argv.slice(2));
