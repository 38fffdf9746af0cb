import { LatencyRecorder } from './latency-recorder';

describe('LatencyRecorder', () => {
  it('reports nearest-rank percentiles of what it recorded', () => {
    const recorder = new LatencyRecorder();
    for (let ms = 100; ms >= 1; ms--) recorder.record(ms);
    expect(recorder.percentile(50)).toBe(50);
    expect(recorder.percentile(99)).toBe(99);
    expect(recorder.percentile(100)).toBe(100);
  });

  it('has no percentile before the first sample', () => {
    expect(new LatencyRecorder().percentile(50)).toBeNull();
  });
});
