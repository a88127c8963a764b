// When to restart a crashed server: exponential backoff, reset after a stable run, give up after
// too many crashes in a row. Pure logic (no vscode import) so it is unit-tested directly.

export interface RestartPolicyOptions {
  /** Delay before the first restart. */
  initialDelayMs: number;
  /** Upper bound of the delay. */
  maxDelayMs: number;
  /** Consecutive crashes after which we stop restarting (the user can still restart by hand). */
  maxConsecutiveCrashes: number;
  /** A server that ran at least this long before crashing counts as healthy: the backoff resets. */
  stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxConsecutiveCrashes: 6,
  stableAfterMs: 60_000,
};

export class RestartPolicy {
  private crashes = 0;
  private startedAt: number | undefined;

  constructor(
    private readonly options: RestartPolicyOptions = defaultRestartPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call when the server has started (or been restarted). */
  started(): void {
    this.startedAt = this.now();
  }

  /** Call when the user restarts by hand: forget earlier crashes. */
  reset(): void {
    this.crashes = 0;
  }

  /** Call when the server died. Returns the delay before restarting, or undefined to give up. */
  crashed(): number | undefined {
    if (this.startedAt !== undefined && this.now() - this.startedAt >= this.options.stableAfterMs) {
      this.crashes = 0;
    }
    this.startedAt = undefined;
    this.crashes += 1;
    if (this.crashes > this.options.maxConsecutiveCrashes) {
      return undefined;
    }
    const delay = this.options.initialDelayMs * 2 ** (this.crashes - 1);
    return Math.min(delay, this.options.maxDelayMs);
  }

  get consecutiveCrashes(): number {
    return this.crashes;
  }
}
