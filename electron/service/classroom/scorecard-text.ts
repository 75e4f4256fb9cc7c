// A scorecard as the terminal shows it (`npm run check`): one line per check, and under a
// failed one what went wrong and a few of the rows behind it.
import type { Scorecard } from '../../../shared/exercises.ts';

/** `again`: the command that checks again (with its data folder), shown under a failed card. */
export function scorecardText(card: Scorecard, color = false, again?: string): string {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const passed = card.checks.filter((c) => c.passed).length;
  const lines = [
    `Exercise ${card.exercise}: ${card.passed ? paint(32, 'PASSED') : paint(31, 'NOT YET')} (${passed} of ${card.checks.length} checks passed)`,
    `  table: ${card.table}${card.format ? ` (${card.format}, ${(card.rows ?? 0).toLocaleString('en-US')} rows)` : ''}`,
  ];
  for (const c of card.checks) {
    if (c.passed) {
      lines.push(`  ${paint(32, '✓')} ${c.name}: ${c.got}`);
      continue;
    }
    lines.push(`  ${paint(31, '✗')} ${c.name}: expected ${c.expected}, got ${c.got}`);
    if (c.message) lines.push(`      ${c.message}`);
    for (const example of c.examples) lines.push(`        - ${example}`);
  }
  if (!card.passed && again) lines.push(`  check again when your table is written: ${again}`);
  return `${lines.join('\n')}\n`;
}
