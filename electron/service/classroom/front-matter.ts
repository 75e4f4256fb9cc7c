// The front matter of an exercise file: YAML between `---` lines, then the Markdown body.
// Teachers edit these files, on Windows too, where Git and editors write CRLF line endings
// and Notepad may add a byte-order mark: both are read like LF.

export interface FrontMatter {
  /** The YAML between the `---` lines. */
  yaml: string;
  /** The Markdown after the closing `---` line, with LF line endings. */
  body: string;
}

/** Splits a file's text into its front matter and body, or undefined when it has none. */
export function splitFrontMatter(text: string): FrontMatter | undefined {
  const lf = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(lf);
  if (!match) return undefined;
  return { yaml: match[1] ?? '', body: match[2] ?? '' };
}
