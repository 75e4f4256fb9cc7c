// The generator's side of docker/spark/runner/job_runner.py: in the all-in-Docker stack the
// generator has no Docker access, so it asks the runner beside Spark to spark-submit a job
// and reads its output back as JSON Lines ({"line"} ... then {"exit_code"}).
import { readFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';

/** Where the runner answers, and its secret; the attached backend's settings carry them. */
export interface JobRunnerAddress {
  /** The job runner (docker/spark/runner), e.g. http://spark-jobs:7070 */
  jobsUrl: string;
  /** The runner's secret: a file read per job (the compose stack's), else the value itself. */
  tokenFile?: string | undefined;
  token?: string | undefined;
}

/** Where the compose stack hands both sides the runner's secret (docker-compose.yml). */
export const RUNNER_TOKEN_FILE_ENV = 'SPARK_EXPERIMENTS_RUNNER_TOKEN_FILE';
export const RUNNER_TOKEN_ENV = 'SPARK_EXPERIMENTS_RUNNER_TOKEN';

/** The runner's secret as the environment gives it, for `serve --spark-jobs`. */
export function runnerSecretFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<JobRunnerAddress, 'tokenFile' | 'token'> {
  return {
    tokenFile: env[RUNNER_TOKEN_FILE_ENV] || undefined,
    token: env[RUNNER_TOKEN_ENV] || undefined,
  };
}

/** The secret now: the file is read per job, since each stack start writes a new one. */
function runnerToken(attached: JobRunnerAddress): string | undefined {
  if (attached.tokenFile) {
    try {
      return readFileSync(attached.tokenFile, 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }
  return attached.token;
}

/** Runs `job` through the runner; resolves with its exit code (null when it never finished). */
export async function submitToRunner(
  attached: JobRunnerAddress,
  job: string,
  args: string[],
  onLine: (line: string) => void,
  timeoutMs = 60 * 60_000,
  signal?: AbortSignal,
): Promise<number | null> {
  // Ending the request ends the job: the runner kills it when it can no longer answer.
  const ends = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]);
  const token = runnerToken(attached);
  if (!token) {
    onLine(
      `no secret for the job runner: set ${RUNNER_TOKEN_FILE_ENV} (the compose file does) or ${RUNNER_TOKEN_ENV}`,
    );
    return null;
  }
  // node:http, not fetch: fetch adds `Sec-Fetch-Mode`, which the runner refuses as a browser's.
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const body = JSON.stringify({ job, args });
      const req = request(
        `${attached.jobsUrl}/jobs`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
          signal: ends,
        },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (err) {
    onLine(`job runner at ${attached.jobsUrl} did not answer: ${(err as Error).message}`);
    return null;
  }
  if (response.statusCode !== 200) {
    let text = '';
    for await (const chunk of response) text += chunk;
    onLine(`job runner refused the job (${response.statusCode}): ${text}`);
    return null;
  }
  let exitCode: number | null = null;
  let pending = '';
  const handle = (text: string) => {
    if (!text.trim()) return;
    const message = JSON.parse(text) as { line?: string; exit_code?: number };
    if (typeof message.line === 'string') {
      if (message.line.trim()) onLine(message.line);
    } else if (typeof message.exit_code === 'number') exitCode = message.exit_code;
  };
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) handle(line);
    }
    handle(pending);
  } catch (err) {
    onLine(`lost the job runner while the job ran: ${(err as Error).message}`);
    return null;
  }
  return exitCode;
}
