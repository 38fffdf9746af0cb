/** Per-operation latencies in milliseconds, summarised as nearest-rank percentiles. */
export class LatencyRecorder {
  private readonly samples: number[] = [];

  record(ms: number): void {
    this.samples.push(ms);
  }

  /** Times one operation and records it. */
  async time<T>(operation: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await operation();
    this.samples.push(performance.now() - started);
    return result;
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = Float64Array.from(this.samples).sort();
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }
}
