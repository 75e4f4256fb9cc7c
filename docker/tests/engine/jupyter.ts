// A small client of a Jupyter server for the engine lane and the notebook bench: its REST API
// (contents, sessions) and a kernel over its WebSocket (the kernel channels protocol, JSON
// messages), the way JupyterLab itself runs a notebook's cells.
import { randomUUID } from 'node:crypto';

export interface CellRun {
  code: string;
  /** stdout/stderr text, results' text/plain, and an error's name and value, in order. */
  text: string;
  error: string | null;
}

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
}

export const cellSource = (cell: NotebookCell) =>
  Array.isArray(cell.source) ? cell.source.join('') : cell.source;

export class JupyterClient {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  /** A REST call with the token in the Authorization header. */
  async call(path: string, init: { method?: string; json?: unknown; token?: string | null } = {}) {
    const token = init.token === undefined ? this.token : init.token;
    const response = await fetch(`${this.base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { Authorization: `token ${token}` } : {}),
        ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an error page): keep the text.
    }
    return { status: response.status, body: body as Record<string, unknown> };
  }

  async notebook(path: string): Promise<{ cells: NotebookCell[] }> {
    const got = await this.call(`/api/contents/${path}?type=notebook&content=1`);
    if (got.status !== 200)
      throw new Error(`GET ${path}: ${got.status} ${JSON.stringify(got.body)}`);
    return got.body.content as { cells: NotebookCell[] };
  }

  /** A kernel for the notebook at `path` (its working directory is the notebook's folder). */
  async startKernel(path: string): Promise<Kernel> {
    const session = await this.call('/api/sessions', {
      method: 'POST',
      json: { path, name: path.split('/').pop(), type: 'notebook', kernel: { name: 'python3' } },
    });
    if (session.status !== 201)
      throw new Error(`POST /api/sessions: ${session.status} ${JSON.stringify(session.body)}`);
    const sessionId = session.body.id as string;
    const kernelId = (session.body.kernel as { id: string }).id;
    const url = `${this.base.replace(/^http/, 'ws')}/api/kernels/${kernelId}/channels?session_id=${randomUUID()}&token=${this.token}`;
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`WebSocket to ${kernelId} failed`)), {
        once: true,
      });
    });
    return new Kernel(socket, async () => {
      socket.close();
      await this.call(`/api/sessions/${sessionId}`, { method: 'DELETE' });
    });
  }
}

interface Message {
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string };
  channel: string;
  content: Record<string, unknown>;
}

export class Kernel {
  private readonly waiting = new Map<string, (message: Message) => void>();
  private readonly session = randomUUID();

  constructor(
    private readonly socket: WebSocket,
    readonly close: () => Promise<void>,
  ) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as Message;
      const parent = message.parent_header?.msg_id;
      if (parent) this.waiting.get(parent)?.(message);
    });
  }

  /** Runs `code` and resolves when the kernel is idle again, with what the cell printed. */
  execute(code: string, timeoutMs = 300_000): Promise<CellRun> {
    const msgId = randomUUID();
    const run: CellRun = { code, text: '', error: null };
    return new Promise((resolve, reject) => {
      let replied = false;
      let idle = false;
      const timer = setTimeout(() => {
        this.waiting.delete(msgId);
        reject(new Error(`no answer within ${timeoutMs} ms to:\n${code}\nso far:\n${run.text}`));
      }, timeoutMs);
      this.waiting.set(msgId, (message) => {
        const { msg_type } = message.header;
        const content = message.content;
        if (msg_type === 'stream') run.text += String(content.text);
        else if (msg_type === 'execute_result' || msg_type === 'display_data')
          run.text += `${(content.data as Record<string, string>)['text/plain'] ?? ''}\n`;
        else if (msg_type === 'error') {
          run.error = `${content.ename}: ${content.evalue}`;
          run.text += `${run.error}\n`;
        } else if (msg_type === 'execute_reply') replied = true;
        else if (msg_type === 'status' && content.execution_state === 'idle') idle = true;
        if (replied && idle) {
          clearTimeout(timer);
          this.waiting.delete(msgId);
          resolve(run);
        }
      });
      this.socket.send(
        JSON.stringify({
          header: {
            msg_id: msgId,
            msg_type: 'execute_request',
            username: 'engine-lane',
            session: this.session,
            date: new Date().toISOString(),
            version: '5.3',
          },
          parent_header: {},
          metadata: {},
          channel: 'shell',
          buffers: [],
          content: {
            code,
            silent: false,
            store_history: true,
            user_expressions: {},
            allow_stdin: false,
            stop_on_error: true,
          },
        }),
      );
    });
  }

  /** Runs the code cells in order; stops at the first that fails. */
  async runAll(cells: NotebookCell[]): Promise<CellRun[]> {
    const runs: CellRun[] = [];
    for (const cell of cells) {
      if (cell.cell_type !== 'code') continue;
      const run = await this.execute(cellSource(cell));
      runs.push(run);
      if (run.error) break;
    }
    return runs;
  }
}
