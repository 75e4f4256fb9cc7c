// Display names of the class's results (docs/teaching.md), checked the same way by the
// student's app, the instructor's and the dashboard's form: one plain line of 1 to 40
// characters. No zod here: the dashboard's bundle imports it.

/** Characters of a display name, once trimmed. */
export const DISPLAY_NAME_MAX = 40;
/** What a student may type in the name field before trimming (longer is refused at once). */
export const DISPLAY_NAME_INPUT_MAX = 200;

/**
 * Why `text` is not a display name, or undefined when it is (after trimming): 1 to 40
 * characters, none of them a control, format (bidi override, zero-width), separator-of-line,
 * surrogate or unassigned character, so a name is one plain line on the grid and in the CSV.
 */
export function displayNameProblem(text: string): string | undefined {
  const name = text.normalize('NFC').trim();
  const length = [...name].length;
  if (length === 0) return 'type a display name (1 to 40 characters)';
  if (length > DISPLAY_NAME_MAX)
    return `a display name has at most ${DISPLAY_NAME_MAX} characters (this one has ${length})`;
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(name))
    return 'a display name has only printable characters (no tabs, line breaks or control characters)';
  return undefined;
}

/** The name as it is kept and shown: NFC, trimmed. */
export function displayName(text: string): string {
  return text.normalize('NFC').trim();
}
