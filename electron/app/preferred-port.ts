// The desktop app prefers the usual port (so bookmarks and curl snippets work) but must start
// anyway when it cannot have it: another program holds it, or the system refuses it (Windows
// reserves port ranges for Hyper-V and WSL, and listening there fails with EACCES).
import { ListenError } from '../service/kernel/errors.ts';

const FALL_BACK_ON = new Set(['port_in_use', 'port_denied']);

/** Starts on `preferred`; when that port cannot be had, on any free one (port 0). */
export async function startOnPreferredPort<T>(
  preferred: number,
  start: (port: number) => Promise<T>,
): Promise<T> {
  try {
    return await start(preferred);
  } catch (err) {
    if (err instanceof ListenError && FALL_BACK_ON.has(err.code)) return start(0);
    throw err;
  }
}
