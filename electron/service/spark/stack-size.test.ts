// The stack's size for an engine's memory: normal from about 6 GB, small (a 1 GB worker) from
// about 3 GB, refused below, with the figures and the setting that fixes it.
import { describe, expect, it } from 'vitest';
import { sizeEnv, sizeForMemory } from './stack-size.ts';

const GiB = 1024 ** 3;

describe('sizeForMemory', () => {
  it('keeps the normal size for a roomy or silent engine', () => {
    for (const bytes of [16 * GiB, 5.8 * GiB, undefined]) {
      const verdict = sizeForMemory(bytes);
      expect(verdict.ok && verdict.size.name).toBe('normal');
    }
  });

  it('takes the small size for what Docker Desktop calls 3 or 4 GB', () => {
    // A VM given 3 GB reports a little less.
    for (const bytes of [2.9 * GiB, 3.8 * GiB, 5.4 * GiB]) {
      const verdict = sizeForMemory(bytes);
      expect(verdict.ok && verdict.size.name).toBe('small');
    }
  });

  it('refuses below the floor, with the figures and Docker Desktop’s setting', () => {
    const verdict = sizeForMemory(1.9 * GiB);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.message).toBe(
      "the Docker engine has 1.9 GiB of memory; the Spark stack needs at least 3 GiB (6 GiB for its normal size): give Docker more in Docker Desktop's Settings → Resources → Memory, then Start Spark again",
    );
  });

  it('hands compose the agreed variables', () => {
    const verdict = sizeForMemory(3 * GiB);
    expect(verdict.ok && sizeEnv(verdict.size)).toEqual({
      SPARK_EXPERIMENTS_WORKER_MEMORY: '1g',
      SPARK_EXPERIMENTS_MASTER_LIMIT: '1G',
      SPARK_EXPERIMENTS_WORKER_LIMIT: '2G',
      SPARK_EXPERIMENTS_NOTEBOOK_LIMIT: '1536M',
    });
  });
});
