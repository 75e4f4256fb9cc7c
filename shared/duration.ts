// ISO-8601 durations as the presets write them (PT15M, PT1H30M, P1D, PT5S).
// Batches are aligned to whole seconds, so only whole-second durations are accepted.

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export type DurationParse = { ok: true; seconds: number } | { ok: false; reason: string };

export function parseDuration(text: string): DurationParse {
  const m = ISO_DURATION.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) {
    return { ok: false, reason: 'must be an ISO-8601 duration such as PT15M, PT1H or PT5S' };
  }
  const [, d, h, min, s] = m;
  const seconds =
    Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  if (!Number.isInteger(seconds)) {
    return { ok: false, reason: 'must be a whole number of seconds' };
  }
  return { ok: true, seconds };
}

/** Canonical form of a whole-second duration: 900 -> PT15M, 5400 -> PT1H30M, 86400 -> P1D. */
export function formatDuration(totalSeconds: number): string {
  let rest = totalSeconds;
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  let out = 'P';
  if (days) out += `${days}D`;
  if (hours || minutes || seconds || !days) {
    out += 'T';
    if (hours) out += `${hours}H`;
    if (minutes) out += `${minutes}M`;
    if (seconds || (!hours && !minutes)) out += `${seconds}S`;
  }
  return out;
}
