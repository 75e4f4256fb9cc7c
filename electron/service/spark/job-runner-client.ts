// The generator's side of docker/spark/runner/job_runner.py: in the all-in-Docker stack the
// generator has no Docker access, so it asks the runner beside Spark to spark-submit a job
// and reads its output back as JSON Lines ({"line"} ... then {"exit_code"}).

/** Where the runner answers; the attached backend's settings carry it. */
export interface JobRunnerAddress {
  /** The job runner (docker/spark/runner), e.g. http://spark-jobs:7070 */
  jobsUrl: string;
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
  let response: Response;
  try {
    response = await fetch(`${attached.jobsUrl}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ job, args }),
      signal: ends,
    });
  } catch (err) {
    onLine(`job runner at ${attached.jobsUrl} did not answer: ${(err as Error).message}`);
    return null;
  }
  if (!response.ok || !response.body) {
    onLine(`job runner refused the job (${response.status}): ${await response.text()}`);
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
    for await (const chunk of response.body) {
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
