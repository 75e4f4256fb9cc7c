// A token bucket per client address, in bounded memory: each address may send `burst` requests
// at once and `perSecond` after that. A bucket that has filled up again is the same as none,
// so it is dropped when room is needed; when every tracked address is still in debt, a new
// address is refused (the table never grows past `maxAddresses`).

export interface RateLimitOptions {
  /** Requests an address may send at once. */
  burst: number;
  /** Requests per second an address gets back. */
  perSecond: number;
  /** Addresses tracked at most. */
  maxAddresses: number;
  now?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Addresses tracked now (for tests and the bench). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token of `address`'s bucket, or says how long to wait for one. */
  take(address: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(address);
    if (bucket) this.refill(bucket, now);
    else {
      if (this.buckets.size >= this.options.maxAddresses) this.dropFull(now);
      if (this.buckets.size >= this.options.maxAddresses)
        return { ok: false, retryAfterSeconds: Math.ceil(1 / this.options.perSecond) };
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(address, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const wait = (1 - bucket.tokens) / this.options.perSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsed * this.options.perSecond);
    bucket.at = now;
  }

  /** Forgets the addresses whose bucket is full again: they lose nothing by it. */
  private dropFull(now: number): void {
    for (const [address, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.options.burst) this.buckets.delete(address);
    }
  }
}
