/** How many requests a key may make: `rate` a second on average, `burst` at once. */
export interface RateLimit {
  readonly rate: number;
  readonly burst: number;
}

/** The protocol's limit: 20 requests a second per token, bursts of 40. */
export const defaultRateLimit: RateLimit = { rate: 20, burst: 40 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (a token's hash, or a remote address for requests without a valid token).
 * `take` is called once per request with the time in ms; buckets that have refilled are forgotten, so
 * the table stays small.
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #buckets = new Map<string, Bucket>();
  #swept = 0;

  constructor(limit: RateLimit = defaultRateLimit) {
    this.#limit = limit;
  }

  /** Takes one request from `key`'s bucket: 0 if allowed, else the seconds to wait before retrying. */
  take(key: string, now: number): number {
    const { rate, burst } = this.#limit;
    this.#sweep(now);
    const b = this.#buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }

  /** Forgets, at most once a minute, the buckets that are full again. */
  #sweep(now: number): void {
    if (now - this.#swept < 60_000) return;
    this.#swept = now;
    const full = (this.#limit.burst / this.#limit.rate) * 1000;
    for (const [key, b] of this.#buckets) if (now - b.at > full) this.#buckets.delete(key);
  }
}
