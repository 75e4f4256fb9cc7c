export const count = (n: number | undefined | null) => (n ?? 0).toLocaleString('en-US');

export function duration(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

export const time = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleTimeString() : '—';

/** 900 -> "15 min", 5 -> "5 s", 3600 -> "1 h". */
export function every(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
