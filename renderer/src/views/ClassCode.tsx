// The class code on one line, as the room reads it aloud: group by group, never broken inside
// a group or between groups. Its size follows the width of the box it is in (container query
// units in the CSS), so the whole code fits; the text content stays the plain code.
import { Fragment } from 'react';

export function ClassCodeLine({ code, testId }: { code: string; testId?: string }) {
  // Keyed by where each group starts (a group such as 0000 can repeat).
  const groups: Array<{ at: number; text: string }> = [];
  let at = 0;
  for (const text of code.split('-')) {
    groups.push({ at, text });
    at += text.length + 1;
  }
  return (
    <p className="code-line" data-testid={testId}>
      {groups.map((g) => (
        <Fragment key={g.at}>
          {g.at > 0 ? <span className="code-dash">-</span> : null}
          <span className="code-group">{g.text}</span>
        </Fragment>
      ))}
    </p>
  );
}
