import { useState } from 'react';
import { desktopBridge } from '../api/desktop.ts';
import { useApp } from '../store/context.ts';
import { duration } from './format.ts';

export function StatusPanel() {
  const health = useApp((s) => s.health);
  const connection = useApp((s) => s.connection);
  const status = health?.status ?? 'unknown';
  return (
    <section aria-label="Status" className="panel status">
      <h2>Status</h2>
      <p className={`badge badge-${status}`} data-testid="status">
        {status}
      </p>
      <dl>
        <dt>Mode</dt>
        <dd data-testid="mode">{health?.generation_mode ?? '—'}</dd>
        <dt>Preset</dt>
        <dd data-testid="preset">
          {health?.preset ?? '—'}
          {health?.pending_preset
            ? ` → ${health.pending_preset.preset} at ${new Date(health.pending_preset.at).toLocaleTimeString()}`
            : ''}
        </dd>
        <dt>Uptime</dt>
        <dd>{health ? duration(health.uptime_seconds) : '—'}</dd>
        <dt>Seed</dt>
        <dd>{health?.seed ?? '—'}</dd>
        <dt>Data folder</dt>
        <dd className="path">
          {health?.data_dir ?? '—'}
          <DataFolderActions />
        </dd>
        <dt>Connection</dt>
        <dd data-testid="connection" className={`conn conn-${connection.state}`}>
          {connection.state === 'reconnecting'
            ? `reconnecting (attempt ${connection.attempt})`
            : connection.state}
        </dd>
      </dl>
      {health?.last_error ? (
        <p role="alert" className="error">
          {health.last_error.message}
        </p>
      ) : null}
    </section>
  );
}

/** In the desktop app only: choose another data folder, or open it in the file manager. */
function DataFolderActions() {
  const bridge = desktopBridge();
  const [error, setError] = useState<string | null>(null);
  if (!bridge) return null;
  const run = (work: () => Promise<unknown>) => () => {
    setError(null);
    work().catch((err: Error) => setError(err.message));
  };
  return (
    <span className="folder-actions">
      {' '}
      <button type="button" onClick={run(() => bridge.chooseDataFolder())}>
        Change…
      </button>{' '}
      <button type="button" onClick={run(() => bridge.openDataFolder())}>
        Open
      </button>
      {error ? (
        <span role="alert" className="error">
          {' '}
          {error}
        </span>
      ) : null}
    </span>
  );
}
