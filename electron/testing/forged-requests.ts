// Requests a web page could make (or forge through DNS rebinding) that the API must refuse,
// with the status and error code each must get. The security tests send them in-process and
// over a real socket.
export type ForgedRequest = [
  path: string,
  init: RequestInit & { json?: unknown },
  status: number,
  code: string,
];

export function forgedRequests(port: number): ForgedRequest[] {
  return [
    ['/api/pause', { method: 'POST', headers: { host: 'evil.example:80' } }, 403, 'forbidden_host'],
    ['/api/health', { headers: { host: `attacker.test:${port}` } }, 403, 'forbidden_host'],
    [
      '/api/pause',
      { method: 'POST', headers: { origin: 'http://evil.example' } },
      403,
      'forbidden_origin',
    ],
    ['/api/health', { headers: { origin: 'http://localhost:3000' } }, 403, 'forbidden_origin'],
    ['/api/pause', { method: 'OPTIONS' }, 405, 'method_not_allowed'],
    [
      '/api/pause',
      {
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      415,
      'unsupported_media_type',
    ],
    [
      '/api/pause',
      { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
    ['/api/config', { method: 'POST', json: { yaml: 'x'.repeat(70_000) } }, 413, 'body_too_large'],
    ['/api/pause', { method: 'GET' }, 405, 'method_not_allowed'],
    ['/api/clean', { method: 'GET' }, 405, 'method_not_allowed'],
  ];
}
