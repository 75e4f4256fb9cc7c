// One table of the answer key as CSV (RFC 4180, a header line) or JSON Lines, written in
// blocks with back-pressure: a key of millions of rows streams to disk.
import { createWriteStream } from 'node:fs';

export type AnswerFormat = 'csv' | 'jsonl';

/** RFC 4180: quoted when it holds a comma, quote or line break; null is an empty field. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export class TableWriter<Row> {
  private readonly out;
  private pending: string[] = [];

  constructor(
    file: string,
    private readonly columns: readonly string[],
    private readonly format: AnswerFormat,
  ) {
    this.out = createWriteStream(file);
    if (format === 'csv') this.pending.push(`${columns.join(',')}\n`);
  }

  async write(row: Row): Promise<void> {
    const record = row as Record<string, unknown>;
    this.pending.push(
      this.format === 'csv'
        ? `${this.columns.map((c) => csvField(record[c])).join(',')}\n`
        : `${JSON.stringify(Object.fromEntries(this.columns.map((c) => [c, record[c] ?? null])))}\n`,
    );
    if (this.pending.length >= 4096) await this.flush();
  }

  async writeAll(rows: Iterable<Row>): Promise<void> {
    for (const row of rows) await this.write(row);
  }

  async flush(): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    if (text && !this.out.write(text))
      await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
