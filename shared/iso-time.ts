// ISO-8601 times as users and earlier clients type them, read strictly: `2024-01-01`,
// `2024-01-01T08:00`, `...:00Z`, any fraction, a zone or none (UTC), and ` 01:00` for
// `+01:00` (an unescaped `+` in a URL arrives as a space). An impossible date or time
// (`2024-02-30`, `25:00`) is refused, where Date.parse would roll it into the next month.

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?| \d{2}(?::?\d{2})?)?$/;

export interface IsoTime {
  /** Whole seconds of the time, in milliseconds since 1970 (UTC). */
  secondsMs: number;
  /** The fraction's digits as written (`754002` for `.754002`), '' when none. */
  fraction: string;
}

export function parseIsoTime(text: string): IsoTime | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  if (
    (month as number) < 1 ||
    (month as number) > 12 ||
    (day as number) < 1 ||
    (day as number) > daysInMonth ||
    (hour as number) > 23 ||
    (minute as number) > 59 ||
    (second as number) > 59
  )
    return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone);
  if (offset === undefined) return undefined;
  const utc = Date.UTC(
    year as number,
    (month as number) - 1,
    day as number,
    hour as number,
    minute as number,
    second as number,
  );
  return { secondsMs: utc - offset * 60_000, fraction };
}

/** An instant in milliseconds (the fraction truncated to them), or undefined. */
export function parseIsoMs(text: string): number | undefined {
  const t = parseIsoTime(text);
  return t && t.secondsMs + Number(t.fraction.padEnd(3, '0').slice(0, 3));
}

function zoneMinutes(zone: string): number | undefined {
  const digits = zone.replace(/[^0-9]/g, '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
