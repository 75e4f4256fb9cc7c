// The stack's restart policy: Stop Spark means stopped, and a Docker Desktop restart brings
// no cluster back (the Spark services, those of `--profile all` included, have none). Only
// the all-in-Docker generator, a server started on purpose, comes back with Docker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/presets.ts';

const compose = yaml.load(
  readFileSync(join(REPO_ROOT, 'docker', 'docker-compose.yml'), 'utf8'),
) as {
  services: Record<string, { restart?: string; profiles?: string[] }>;
};

describe('the stack after Stop Spark or a Docker restart', () => {
  it('restarts no Spark service by itself', () => {
    const spark = Object.entries(compose.services).filter(([name]) => name !== 'generator');
    expect(spark.map(([name]) => name)).toContain('spark-master');
    expect(spark.map(([name]) => name)).toContain('spark-worker');
    for (const [name, service] of spark) expect(service.restart ?? 'no', name).toBe('no');
  });

  it('brings back only the all-in-Docker generator, which the app never starts', () => {
    expect(compose.services.generator?.profiles).toEqual(['all']);
    expect(compose.services.generator?.restart).toBe('unless-stopped');
  });
});
