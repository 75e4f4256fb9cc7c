// The stack's JupyterLab (compose service `notebook`): whether it answers, and the link that
// opens an exercise's notebook in it. Jupyter's root is the data folder (/data in the
// container), so a notebook outside that folder cannot be opened there and is refused. The
// token is new at every container start and read from <data>/.stack/notebook-token each time;
// it goes only into the answer of the route that asked, never into a log line.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ServiceError } from '../kernel/errors.ts';

export const NOTEBOOK_STATES = ['stopped', 'starting', 'healthy', 'unhealthy'] as const;
export type NotebookState = (typeof NOTEBOOK_STATES)[number];

export interface NotebookStatus {
  state: NotebookState;
  /** JupyterLab's address for the browser, without the token (null unless healthy). */
  url: string | null;
}

/** Where the service probes Jupyter, and the address a browser opens (they differ inside the
 *  compose project: http://notebook:8888 vs http://127.0.0.1:18888). */
export interface NotebookAddress {
  probeUrl: string;
  publicUrl: string;
}

/** What Jupyter's GET /api gave: `ok` (Jupyter answers), `refused` (nothing listens), `failing`. */
export type NotebookProbe = 'ok' | 'refused' | 'failing';

/**
 * The addresses, from `serve --notebook/--notebook-public` when given, else 127.0.0.1 and the
 * notebook port (the configured one: spark/ports.ts reads the flag and the environment).
 */
export function notebookAddress(
  port: number,
  given: Partial<NotebookAddress> = {},
): NotebookAddress {
  const local = `http://127.0.0.1:${port}`;
  const trim = (url: string) => url.replace(/\/+$/, '');
  const publicUrl = trim(given.publicUrl ?? local);
  return { publicUrl, probeUrl: trim(given.probeUrl ?? publicUrl) };
}

/**
 * The state the panel shows, from the probe and (with the Docker backend) the container's
 * compose state: Jupyter answering is healthy whatever Docker says.
 */
export function notebookState(
  probe: NotebookProbe,
  container?: { state: string; health: string },
): NotebookState {
  if (probe === 'ok') return 'healthy';
  if (!container) return probe === 'failing' ? 'unhealthy' : 'stopped';
  if (container.state === 'created' || container.state === 'restarting') return 'starting';
  if (container.state !== 'running') return 'stopped';
  return container.health === 'starting' || container.health === '' ? 'starting' : 'unhealthy';
}

export interface NotebookServiceOptions {
  dataDir: string;
  address: NotebookAddress;
  probeTimeoutMs?: number;
  /** JupyterLab without Docker, started when `wanted` (the local Spark backend runs). */
  local?: { start(): Promise<void>; wanted(): boolean };
}

/** Where JupyterLab's token is (the stack's notebook and a local JupyterLab write it). */
export function notebookTokenFile(dataDir: string): string {
  return join(dataDir, '.stack', 'notebook-token');
}

export class NotebookService {
  constructor(private readonly options: NotebookServiceOptions) {}

  /** GET /api: Jupyter answers it without a token, with its version. */
  async probe(): Promise<NotebookProbe> {
    try {
      const response = await fetch(`${this.options.address.probeUrl}/api`, {
        signal: AbortSignal.timeout(this.options.probeTimeoutMs ?? 2000),
      });
      if (!response.ok) return 'failing';
      const body = (await response.json().catch(() => null)) as { version?: unknown } | null;
      return typeof body?.version === 'string' ? 'ok' : 'failing';
    } catch (err) {
      return (err as Error).name === 'TimeoutError' ? 'failing' : 'refused';
    }
  }

  /** The state and address for the Spark panel (`container`: the compose service's, if any). */
  async status(container?: { state: string; health: string }): Promise<NotebookStatus> {
    const state = notebookState(await this.probe(), container);
    return { state, url: state === 'healthy' ? `${this.options.address.publicUrl}/lab` : null };
  }

  /**
   * JupyterLab answering for Open starter notebook: the stack's, or, with the local Spark
   * backend, one started from the app's own Python; else a 409 that says how.
   */
  async ensureRunning(): Promise<void> {
    if ((await this.probe()) === 'ok') return;
    if (this.options.local?.wanted()) return this.options.local.start();
    return this.requireRunning();
  }

  /** A 409 unless JupyterLab answers. */
  async requireRunning(): Promise<void> {
    const probe = await this.probe();
    if (probe === 'ok') return;
    throw new ServiceError(
      409,
      probe === 'refused' ? 'notebook_not_running' : 'notebook_unhealthy',
      probe === 'refused'
        ? `the notebook service is not running (nothing answers at ${this.options.address.publicUrl}): Start Spark first, with Docker; JupyterLab starts with the cluster (without Docker: npm run setup:python, then Start Spark with the local backend)`
        : `the notebook service at ${this.options.address.publicUrl} does not answer as JupyterLab: wait until the Spark panel shows it healthy, or restart Spark`,
    );
  }

  /** Whether `notebook` is there to open (else the exercise is prepared first). */
  has(notebook: string): boolean {
    return existsSync(notebook);
  }

  /** JupyterLab's address of `notebook` (a file in the data folder), with the token. */
  linkTo(notebook: string): string {
    const data = realpathSync(this.options.dataDir);
    const rel = relative(data, realpathSync(notebook));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
      throw new ServiceError(
        409,
        'outside_data_folder',
        `the notebook ${notebook} is outside the data folder ${this.options.dataDir}, which is all JupyterLab sees`,
      );
    const path = rel.split(sep).map(encodeURIComponent).join('/');
    return `${this.options.address.publicUrl}/lab/tree/${path}?token=${this.token()}`;
  }

  private token(): string {
    const file = notebookTokenFile(this.options.dataDir);
    let token = '';
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch {
      // no file: told below
    }
    if (!/^[0-9a-f]{16,}$/i.test(token))
      throw new ServiceError(
        409,
        'notebook_token_missing',
        `the notebook service has written no token to ${file}: restart Spark so that JupyterLab starts with a new one`,
      );
    return token;
  }
}
