// Spark's port settings: the service's options over SPARK_EXPERIMENTS_*_PORT over the
// defaults, each refusal naming the setting; and who holds a port, over real listeners.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPARK_PORTS } from '../../../shared/spark-ports.ts';
import { freePort } from '../../testing/stand-in-docker.ts';
import { composePortEnv, portHolder, sparkPortsFrom } from './ports.ts';

describe('sparkPortsFrom', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(sparkPortsFrom({})).toEqual({
      masterUi: 17080,
      master: 17077,
      appUi: 14040,
      notebook: 18888,
    });
  });

  it('takes the environment, and the options over it', () => {
    const env = {
      SPARK_EXPERIMENTS_NOTEBOOK_PORT: '28888',
      SPARK_EXPERIMENTS_MASTER_UI_PORT: '27080',
    };
    expect(sparkPortsFrom(env)).toEqual({
      ...DEFAULT_SPARK_PORTS,
      notebook: 28888,
      masterUi: 27080,
    });
    expect(sparkPortsFrom(env, { notebook: 38888 })).toMatchObject({
      notebook: 38888,
      masterUi: 27080,
    });
  });

  it('refuses a value that is not a port, naming where it came from', () => {
    expect(() => sparkPortsFrom({ SPARK_EXPERIMENTS_APP_UI_PORT: 'x4040' })).toThrow(
      'SPARK_EXPERIMENTS_APP_UI_PORT (x4040) must be a whole number from 1 to 65535',
    );
    expect(() => sparkPortsFrom({}, { master: 70000 })).toThrow(
      '--master-port (70000) must be a whole number from 1 to 65535',
    );
  });

  it('refuses two services on one port', () => {
    expect(() => sparkPortsFrom({ SPARK_EXPERIMENTS_NOTEBOOK_PORT: '17080' })).toThrow(
      'the master UI and the notebook are both set to port 17080: give each its own port',
    );
  });

  it('hands compose the variables its file reads', () => {
    expect(composePortEnv({ ...DEFAULT_SPARK_PORTS, master: 27077 })).toEqual({
      SPARK_EXPERIMENTS_MASTER_UI_PORT: '17080',
      SPARK_EXPERIMENTS_MASTER_PORT: '27077',
      SPARK_EXPERIMENTS_APP_UI_PORT: '14040',
      SPARK_EXPERIMENTS_NOTEBOOK_PORT: '18888',
    });
  });
});

describe('portHolder', () => {
  let held: Server;
  let port: number;
  beforeAll(async () => {
    held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    port = (held.address() as { port: number }).port;
  });
  afterAll(() => held.close());

  it('tells a free port, our stack’s port and another program’s apart', async () => {
    const none = async () => new Set<number>();
    expect(await portHolder(await freePort(), none)).toBe('free');
    expect(await portHolder(port, none)).toBe('other');
    expect(await portHolder(port, async () => new Set([port]))).toBe('ours');
  });
});
