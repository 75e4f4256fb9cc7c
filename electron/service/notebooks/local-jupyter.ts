// JupyterLab without Docker: with the local Spark backend, Open starter notebook starts
// JupyterLab from the app's own Python (npm run setup:python), on 127.0.0.1 and the notebook
// port, with a new token written where the stack's notebook writes its own (so the link is
// built the same way). The token reaches JupyterLab through its environment, never a command
// line, and JupyterLab then logs it as `?token=...`. It stops with the local Spark and the app.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ServiceError } from '../kernel/errors.ts';
import { startDaemon } from '../platform/processes.ts';
import { localJupyter } from '../python/jupyter.ts';
import { notebookTokenFile } from './notebook-service.ts';

export interface LocalJupyterOptions {
  dataDir: string;
  port: number;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Whether JupyterLab answers on the notebook port (NotebookService.probe). */
  answering: () => Promise<boolean>;
  onLine?: (line: string) => void;
  startTimeoutMs?: number;
}

/** Writes the token file (mode 600, whole or not at all). */
export function writeNotebookToken(dataDir: string, token: string): void {
  const file = notebookTokenFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export class LocalJupyterServer {
  private daemon: ReturnType<typeof startDaemon> | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly o: LocalJupyterOptions) {}

  get running(): boolean {
    return this.daemon !== undefined;
  }

  /** Starts JupyterLab unless it runs; resolves once it answers (one start at a time). */
  start(): Promise<void> {
    this.starting ??= this.launch().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async launch(): Promise<void> {
    if (this.daemon && (await this.o.answering())) return;
    const jupyter = localJupyter(this.o.env, this.o.platform);
    const token = randomBytes(24).toString('hex');
    writeNotebookToken(this.o.dataDir, token);
    const last: string[] = [];
    const daemon = startDaemon(
      jupyter.command,
      [
        ...jupyter.args,
        '--no-browser',
        '--ServerApp.ip=127.0.0.1',
        `--ServerApp.port=${this.o.port}`,
        '--ServerApp.port_retries=0',
        `--ServerApp.root_dir=${this.o.dataDir}`,
      ],
      {
        env: { ...jupyter.env, JUPYTER_TOKEN: token },
        cwd: this.o.dataDir,
        onLine: (line) => {
          last.push(line);
          if (last.length > 5) last.shift();
          this.o.onLine?.(line);
        },
      },
    );
    this.daemon = daemon;
    let ended = false;
    void daemon.exited.then(() => {
      ended = true;
      if (this.daemon === daemon) this.daemon = undefined;
    });
    const deadline = Date.now() + (this.o.startTimeoutMs ?? 90_000);
    while (!(await this.o.answering())) {
      if (ended || Date.now() > deadline) {
        await daemon.stop(2000);
        if (this.daemon === daemon) this.daemon = undefined;
        throw new ServiceError(
          409,
          'local_jupyter_failed',
          `JupyterLab did not start on 127.0.0.1:${this.o.port}${ended ? '' : ' in time'}: ${last.join(' ').trim() || 'no output'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    await daemon?.stop(5000);
  }
}
