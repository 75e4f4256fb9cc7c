import { describe, expect, it } from 'vitest';
import { VIEWS, viewAddress, viewFromHash, viewHash } from './views.ts';

describe('the views and their addresses', () => {
  it('reads every view back from its own hash', () => {
    for (const v of VIEWS) expect(viewFromHash(viewHash(v.id))).toBe(v.id);
  });

  it('takes the hash with or without its slashes, in any case', () => {
    expect(viewFromHash('#pipeline')).toBe('pipeline');
    expect(viewFromHash('#/Logs/')).toBe('logs');
  });

  it('shows Overview for no hash and for one it does not know', () => {
    expect(viewFromHash('')).toBe('overview');
    expect(viewFromHash('#/')).toBe('overview');
    expect(viewFromHash('#/no-such-view')).toBe('overview');
    expect(viewFromHash('#/spark/extra')).toBe('overview');
  });

  it("builds a view's address under the dashboard's origin", () => {
    expect(viewAddress('http://127.0.0.1:18000', 'spark')).toBe('http://127.0.0.1:18000/#/spark');
    expect(viewAddress('http://127.0.0.1:18000/', 'api')).toBe('http://127.0.0.1:18000/#/api');
  });

  it('has nine views, ids unique, so Alt+1 … Alt+9 name each one', () => {
    expect(VIEWS).toHaveLength(9);
    expect(new Set(VIEWS.map((v) => v.id)).size).toBe(VIEWS.length);
  });
});
