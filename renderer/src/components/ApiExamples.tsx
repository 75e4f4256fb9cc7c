import { useState } from 'react';

const examples = (base: string) => [
  ['Health', `curl -s ${base}/api/health | jq .status`],
  ['Pause', `curl -s -X POST ${base}/api/pause | jq .status`],
  ['Resume', `curl -s -X POST ${base}/api/resume | jq '.extra.baseline_actions'`],
  ['Latest logs', `curl -s "${base}/api/logs?limit=5" | jq '.entries[] | {ts,level,message}'`],
  [
    'Switch preset',
    `curl -s -X POST ${base}/api/config -H 'content-type: application/json' -d '{"preset":"base"}'`,
  ],
];

export function ApiExamples() {
  const base = window.location.origin;
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <section aria-label="API examples" className="panel api">
      <h2>API examples</h2>
      <ul>
        {examples(base).map(([title, command]) => (
          <li key={title}>
            <span>{title}</span>
            <code>{command}</code>
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(command as string);
                setCopied(title as string);
              }}
              aria-label={`Copy the ${title} command`}
            >
              {copied === title ? 'Copied' : 'Copy'}
            </button>
          </li>
        ))}
      </ul>
      <p>
        Every route: <a href="/api/openapi.json">/api/openapi.json</a>
      </p>
    </section>
  );
}
