// Shared timing helpers for the benchmarks: run a function repeatedly, report median/p95.
export function measure(runs: number, fn: () => void): { runs: number; medianMs: number; p95Ms: number; minMs: number } {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 1000) / 1000
  return {
    runs,
    medianMs: round(times[Math.floor(times.length / 2)]!),
    p95Ms: round(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!),
    minMs: round(times[0]!),
  }
}

export function report(figures: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(figures) + '\n')
}
