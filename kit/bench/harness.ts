import { Bench } from 'tinybench';

/** One measured figure, printed beside its baseline from the same run. */
export interface BenchFigure {
  id: string;
  title: string;
  /** What was measured, in `unit`. */
  value: number;
  unit: string;
  /** The baseline measured in the same run, in the same unit. */
  baseline?: { name: string; value: number };
  /** value / baseline.value (lower is better for latencies, higher for throughputs). */
  ratio?: number;
  /** The target in words, e.g. "<= 1.5x lru-cache". */
  target: string;
  pass: boolean;
}

export interface TimingStats {
  /** Median time of one call, in nanoseconds. */
  p50Ns: number;
  p99Ns: number;
  meanNs: number;
  opsPerSecond: number;
  samples: number;
}

export interface BenchHarness {
  /** Times `fn` (sync or async) with tinybench. */
  time(name: string, fn: () => unknown, options?: { timeMs?: number; warmupMs?: number }): Promise<TimingStats>;
  /** Records a figure; `pass` is computed by the caller from the target. */
  record(figure: BenchFigure): void;
  /** Records a ratio against a baseline with `value <= max * baseline` (latency) semantics. */
  latencyRatio(input: {
    id: string;
    title: string;
    subject: TimingStats;
    baseline: TimingStats;
    baselineName: string;
    maxRatio: number;
  }): void;
  /** Records a throughput ratio with `value >= min * baseline` semantics. */
  throughputRatio(input: {
    id: string;
    title: string;
    value: number;
    baseline: number;
    baselineName: string;
    minRatio: number;
    unit?: string;
  }): void;
}

/**
 * Times baseline and subject alternately, `rounds` times each, and keeps each one's best p50. On a shared 2-core
 * machine the second of two back-to-back timings pays for the first one's garbage and for neighbours' bursts;
 * alternating and keeping the best treats both sides alike.
 */
export async function timeAlternately(
  bench: BenchHarness,
  baseline: [string, () => unknown],
  subject: [string, () => unknown],
  options: { timeMs?: number; warmupMs?: number } = {},
  rounds = 3,
): Promise<{ baseline: TimingStats; subject: TimingStats }> {
  const best: [TimingStats | undefined, TimingStats | undefined] = [undefined, undefined];
  for (let round = 0; round < rounds; round += 1) {
    for (const index of round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
      const [name, fn] = index === 0 ? baseline : subject;
      const stats = await bench.time(name, fn, options);
      const current = best[index];
      if (!current || stats.p50Ns < current.p50Ns) best[index] = stats;
    }
  }
  return { baseline: best[0] as TimingStats, subject: best[1] as TimingStats };
}

/** A bench file's default export. */
export type BenchSuite = (harness: BenchHarness) => Promise<void>;

export function createHarness(figures: BenchFigure[]): BenchHarness {
  const harness: BenchHarness = {
    async time(name, fn, options = {}) {
      const bench = new Bench({ time: options.timeMs ?? 800, warmupTime: options.warmupMs ?? 200 });
      bench.add(name, fn);
      await bench.run();
      const task = bench.tasks[0];
      const result = task?.result;
      if (!result || !('latency' in result)) throw new Error(`bench "${name}" produced no result`);
      const latency = result.latency;
      const ns = (ms: number | undefined) => Math.round((ms ?? Number.NaN) * 1e6 * 10) / 10;
      return {
        p50Ns: ns(latency.p50),
        p99Ns: ns(latency.p99),
        meanNs: ns(latency.mean),
        opsPerSecond: Math.round(result.throughput.mean),
        samples: latency.samplesCount,
      };
    },
    record(figure) {
      figures.push(figure);
    },
    latencyRatio({ id, title, subject, baseline, baselineName, maxRatio }) {
      const ratio = subject.p50Ns / baseline.p50Ns;
      figures.push({
        id,
        title,
        value: subject.p50Ns,
        unit: 'ns p50',
        baseline: { name: baselineName, value: baseline.p50Ns },
        ratio: round(ratio),
        target: `<= ${maxRatio}x ${baselineName}`,
        pass: ratio <= maxRatio,
      });
    },
    throughputRatio({ id, title, value, baseline, baselineName, minRatio, unit = 'ops/s' }) {
      const ratio = value / baseline;
      figures.push({
        id,
        title,
        value: Math.round(value),
        unit,
        baseline: { name: baselineName, value: Math.round(baseline) },
        ratio: round(ratio),
        target: `>= ${minRatio}x ${baselineName}`,
        pass: ratio >= minRatio,
      });
    },
  };
  return harness;
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function formatFigure(figure: BenchFigure): string {
  const status = figure.pass ? 'PASS' : 'MISS';
  const baseline = figure.baseline ? `  baseline ${figure.baseline.name}: ${figure.baseline.value} ${figure.unit}` : '';
  const ratio = figure.ratio !== undefined ? `  ratio ${figure.ratio}x` : '';
  return `[${status}] ${figure.title}: ${figure.value} ${figure.unit}${baseline}${ratio}  (target ${figure.target})`;
}
