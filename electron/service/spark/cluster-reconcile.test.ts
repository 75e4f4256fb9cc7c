// What each check of a watched cluster changes, and when it changes nothing.
import { describe, expect, it } from 'vitest';
import { reconcile, type Shown } from './cluster-reconcile.ts';

const running: Shown = { state: 'running', errorCode: null, backend: 'docker' };
const engineGone: Shown = { state: 'error', errorCode: 'engine_not_running', backend: 'docker' };
const recovering: Shown = { state: 'starting', errorCode: 'recovering', backend: 'docker' };

describe('reconcile', () => {
  it('shows a healthy cluster as running, and says when that is the engine coming back', () => {
    expect(reconcile({ kind: 'healthy' }, running)).toBeUndefined();
    expect(reconcile({ kind: 'healthy' }, recovering)).toEqual({ to: 'running', recovered: false });
    expect(reconcile({ kind: 'healthy' }, engineGone)).toEqual({ to: 'running', recovered: true });
  });

  it("shows an engine that stopped once, with Docker's words", () => {
    const next = reconcile({ kind: 'engine_down', reason: 'Cannot connect' }, running);
    expect(next).toMatchObject({ to: 'error', code: 'engine_not_running' });
    expect(next?.to === 'error' && next.message).toMatch(
      /^engine_not_running: .*the app starts Spark again once it is back\. Docker said: Cannot connect$/,
    );
    expect(reconcile({ kind: 'engine_down', reason: 'again' }, engineGone)).toBeUndefined();
  });

  it('shows containers removed outside the app as stopped', () => {
    expect(reconcile({ kind: 'gone' }, recovering)).toEqual({
      to: 'stopped',
      message: 'The Spark containers are gone (removed outside the app). Start Spark again.',
    });
  });

  it('starts containers again that stopped while the app wants the cluster', () => {
    const exited = { kind: 'exited', detail: 'spark-master exited, spark-worker exited' } as const;
    const restart = {
      to: 'restart',
      message:
        'The Spark containers stopped (spark-master exited, spark-worker exited); starting them again…',
    };
    expect(reconcile(exited, engineGone)).toEqual(restart);
    expect(reconcile(exited, running)).toEqual(restart);
  });

  it('shows a wait as recovering only for a cluster that was running or in trouble', () => {
    const waiting = { kind: 'waiting', detail: 'spark-worker: starting' } as const;
    const recover = {
      to: 'starting',
      message: 'Waiting for the Spark containers to be healthy (spark-worker: starting)…',
      code: 'recovering',
    };
    expect(reconcile(waiting, running)).toEqual(recover);
    expect(reconcile(waiting, engineGone)).toEqual(recover);
    expect(reconcile(waiting, { state: 'starting', errorCode: null, backend: 'docker' })).toBe(
      undefined,
    );
  });

  it("shows compose's own progress for an attached cluster", () => {
    const shown: Shown = { state: 'starting', errorCode: null, backend: 'attached' };
    expect(reconcile({ kind: 'waiting', detail: 'spark-master: healthy' }, shown)).toEqual({
      to: 'starting',
      message: 'spark-master: healthy',
      code: null,
    });
  });
});
