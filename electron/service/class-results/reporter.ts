// The student's side (docs/teaching.md): Report my checks sends each check's summary (the
// exercise, checks passed of total, when, the display name; never code or data) to the
// instructor's serve, server to server. Where to (the class link's address and token), the
// name and this app's random student id are kept in `<data>/class-reporting.json`. One
// request at a time with a timeout, never retried: a failure is shown (`last`), never fatal,
// and a 429 holds reports back for the time the instructor asks. The optional fields of a
// report (hints_used) go only to an instructor whose GET /api/health lists them in
// `class_results.accepts`: an older instructor's app refuses a field it does not know.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  displayName,
  displayNameProblem,
  healthSchema,
  hintsUsedSchema,
  type ReportingState,
  type ResultReport,
} from '../../../shared/api.ts';
import { ServiceError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { writeFileAtomic } from '../platform/atomic.ts';
import { parseClassLink } from './class-link.ts';

export const REPORTING_FILE = 'class-reporting.json';
export const REPORT_TIMEOUT_MS = 5000;

const settingsSchema = z.object({
  student_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  on: z.boolean(),
  instructor: z.string().nullable(),
  token: z.string().nullable(),
  name: z.string().nullable(),
});
type Settings = z.infer<typeof settingsSchema>;

/** One check's summary, as a scorecard gives it. */
export interface CheckSummary {
  exercise: string;
  passed: number;
  total: number;
  checked_at: string;
  /** Hints revealed when the check ran (absent from older checkers). */
  hints_used?: number;
}

/** What an instructor's health says it accepts (absent in an older app's: nothing). */
const advertSchema = healthSchema.pick({ class_results: true });

export interface ReportingOptions {
  dataDir: string;
  log: Pick<Logger, 'info' | 'warn'>;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

type Last = NonNullable<ReportingState['last']>;
/** The instructor's health as the reporter reads it. */
type Probe = Pick<Last, 'ok' | 'message'> & {
  /** The optional report fields it accepts (it answered 200). */
  accepts?: ReadonlySet<string>;
  /** Why it could not be reached (no answer at all). */
  unreachable?: string;
};

export class ReportingSetup {
  readonly events = new EventEmitter<{ change: [ReportingState] }>();
  private readonly path: string;
  private settings: Settings;
  private last: Last | null = null;
  private readonly pending = new Map<string, CheckSummary>();
  private sending: Promise<void> | undefined;
  private holdUntil = 0;
  /** The optional report fields the instructor accepts; undefined: not asked yet. */
  private accepts: ReadonlySet<string> | undefined;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: ReportingOptions) {
    this.path = join(options.dataDir, REPORTING_FILE);
    this.fetch = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
    this.settings = this.read();
    this.events.setMaxListeners(0);
  }

  state(): ReportingState {
    const s = this.settings;
    return {
      on: s.on,
      instructor: s.on ? s.instructor : null,
      name: s.name,
      student_id: s.student_id,
      last: this.last,
    };
  }

  /** Report my checks to the class link's instructor as `name`; tries the link at once. */
  async start(linkText: string, nameText: string): Promise<ReportingState> {
    const link = parseClassLink(linkText);
    if (!link.ok) throw new ServiceError(400, 'invalid_link', link.message);
    const problem = displayNameProblem(nameText);
    if (problem) throw new ServiceError(400, 'invalid_name', problem);
    this.settings = {
      ...this.settings,
      on: true,
      instructor: link.base,
      token: link.token,
      name: displayName(nameText),
    };
    this.save();
    this.holdUntil = 0;
    this.accepts = undefined;
    this.options.log.info('reporting checks to the instructor', { instructor: link.base });
    const probe = await this.probe(link.base, link.token);
    if (this.isLink(link.base, link.token)) this.accepts = probe.accepts;
    this.note(null, probe);
    return this.state();
  }

  stop(): ReportingState {
    this.settings = { ...this.settings, on: false, token: null };
    this.save();
    this.pending.clear();
    this.accepts = undefined;
    this.last = null;
    this.changed();
    return this.state();
  }

  /** After each check: queued (the latest per exercise) and sent one at a time. */
  report(summary: CheckSummary): void {
    if (!this.settings.on || summary.total < 1) return;
    if (this.now() < this.holdUntil) {
      const until = new Date(this.holdUntil).toISOString();
      this.note(summary.exercise, {
        ok: false,
        message: `not sent: the instructor's app asked to wait until ${until}`,
      });
      return;
    }
    this.pending.set(summary.exercise, summary);
    this.sending ??= this.drain().finally(() => {
      this.sending = undefined;
    });
  }

  /** Resolves when nothing is being sent (tests). */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.pending.values().next();
      if (next.done) return;
      this.pending.delete(next.value.exercise);
      await this.send(next.value);
    }
  }

  private async send(summary: CheckSummary): Promise<void> {
    const { instructor, token, name, student_id } = this.settings;
    if (!this.settings.on || !instructor || !token || !name) return;
    const what = `${summary.exercise}, ${summary.passed} of ${summary.total} checks`;
    // Once per link (and after the app starts again): what this instructor accepts.
    let accepts = this.accepts;
    if (!accepts) {
      const probe = await this.probe(instructor, token);
      if (probe.unreachable !== undefined) {
        this.note(summary.exercise, {
          ok: false,
          message: `could not reach the instructor at ${instructor} (${probe.unreachable}); this check was not sent`,
        });
        return;
      }
      // A health that did not answer 200 (an old token) says nothing: this report goes without.
      accepts = probe.accepts ?? new Set<string>();
      if (probe.accepts && this.isLink(instructor, token)) this.accepts = probe.accepts;
    }
    const report = reportOf(student_id, name, summary, accepts);
    try {
      const response = await this.fetch(`${instructor}/api/class/results/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(report),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? REPORT_TIMEOUT_MS),
      });
      if (response.ok) {
        await response.body?.cancel();
        this.note(summary.exercise, { ok: true, message: `sent to the instructor: ${what}` });
        return;
      }
      const refusal = await refusalOf(response);
      // Refused although advertised (another app behind the address now?): ask again next time.
      if (response.status === 400 && report.hints_used !== undefined && this.accepts === accepts)
        this.accepts = undefined;
      if (response.status === 429) {
        const wait = Number(response.headers.get('retry-after') ?? '10');
        this.holdUntil = this.now() + (Number.isFinite(wait) ? Math.min(wait, 600) : 10) * 1000;
      }
      this.note(summary.exercise, {
        ok: false,
        message: `not recorded by the instructor (${what}): ${
          response.status === 401 ? OLD_LINK : refusal
        }`,
      });
    } catch (err) {
      this.note(summary.exercise, {
        ok: false,
        message: `could not reach the instructor at ${instructor} (${this.reason(err)}); this check was not sent`,
      });
    }
  }

  private isLink(base: string, token: string): boolean {
    return this.settings.on && this.settings.instructor === base && this.settings.token === token;
  }

  /**
   * GET /api/health of the instructor's serve with the class token: does the link work, and
   * which optional report fields does it accept (`accepts`, once it answers 200)?
   */
  private async probe(base: string, token: string): Promise<Probe> {
    try {
      const response = await this.fetch(`${base}/api/health`, {
        headers: { authorization: `Bearer ${token}` },
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? REPORT_TIMEOUT_MS),
      });
      if (response.ok)
        return {
          ok: true,
          message: `connected to the instructor at ${base}: your checks go there`,
          accepts: await acceptsOf(response),
        };
      await response.body?.cancel();
      if (response.status === 401) return { ok: false, message: OLD_LINK };
      return { ok: false, message: `the instructor's app at ${base} answered ${response.status}` };
    } catch (err) {
      const reason = this.reason(err);
      return {
        ok: false,
        unreachable: reason,
        message: `could not reach the instructor at ${base} (${reason}); your checks are sent there once it answers`,
      };
    }
  }

  private note(exercise: string | null, { ok, message }: { ok: boolean; message: string }): void {
    this.last = { exercise, at: new Date(this.now()).toISOString(), ok, message };
    if (!ok) this.options.log.warn('class report', { message });
    this.changed();
  }

  private reason(err: unknown): string {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const ms = this.options.timeoutMs ?? REPORT_TIMEOUT_MS;
    if (e.name === 'TimeoutError') return `no answer within ${ms / 1000} s`;
    return e.cause?.code ?? e.cause?.message ?? e.message;
  }

  private changed(): void {
    this.events.emit('change', this.state());
  }

  private read(): Settings {
    try {
      return settingsSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      // None yet (or unreadable): a new id, written once reporting starts.
      return {
        student_id: randomBytes(16).toString('base64url'),
        on: false,
        instructor: null,
        token: null,
        name: null,
      };
    }
  }

  private save(): void {
    writeFileAtomic(this.path, `${JSON.stringify(this.settings, null, 2)}\n`);
  }
}

const OLD_LINK =
  "the class link's token is old or wrong (the instructor's app restarted or rotated it): paste the link the instructor shows now";

/** The report as this instructor takes it: an optional field only if it accepts it. */
function reportOf(
  student_id: string,
  name: string,
  summary: CheckSummary,
  accepts: ReadonlySet<string>,
): ResultReport {
  const { exercise, passed, total, checked_at, hints_used } = summary;
  const report: ResultReport = { student_id, name, exercise, passed, total, checked_at };
  if (accepts.has('hints_used') && hintsUsedSchema.safeParse(hints_used).success)
    report.hints_used = hints_used;
  return report;
}

/** The optional fields an instructor's health lists (none when it lists nothing, as older apps). */
async function acceptsOf(response: Response): Promise<ReadonlySet<string>> {
  try {
    const advert = advertSchema.safeParse(await response.json());
    return new Set(advert.success ? (advert.data.class_results?.accepts ?? []) : []);
  } catch {
    return new Set(); // not JSON: not one of this project's apps, or an older one
  }
}

async function refusalOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') return body.message.slice(0, 300);
  } catch {
    // not JSON
  }
  return `HTTP ${response.status}`;
}
