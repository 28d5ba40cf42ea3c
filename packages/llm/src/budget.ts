/**
 * --max-cost accounting: money spent plus money reserved for requests in flight (at their worst
 * case, prompt + max_tokens). A request is only sent when its worst case still fits.
 */
export class Budget {
  private spent = 0;
  private reserved = 0;
  stopped = false;

  constructor(readonly maxUsd: number | undefined) {}

  /** Reserves the worst case of one request; false (and stopped) when it would not fit. */
  tryReserve(worstUsd: number): boolean {
    if (this.maxUsd === undefined) return true;
    if (this.stopped || this.spent + this.reserved + worstUsd > this.maxUsd + 1e-12) {
      this.stopped = true;
      return false;
    }
    this.reserved += worstUsd;
    return true;
  }

  /** Replaces a reservation by the actual cost (or drops it when the request failed). */
  settle(reservedUsd: number, actualUsd: number): void {
    if (this.maxUsd !== undefined) this.reserved = Math.max(0, this.reserved - reservedUsd);
    this.spent += actualUsd;
  }

  get spentUsd(): number {
    return this.spent;
  }
}
