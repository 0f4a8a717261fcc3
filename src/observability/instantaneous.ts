/**
 * The instantaneous_* figures of INFO stats (ops per second, input and output kbps): a rate
 * sampled every 100 ms from the running counters and averaged over the last 16 samples, as
 * redis server.c trackInstantaneousMetric does (STATS_METRIC_SAMPLES, run_with_period(100)).
 */

/** Samples averaged (redis STATS_METRIC_SAMPLES). */
const SAMPLES = 16
/** Minimum time between two samples, in ms. */
const PERIOD_MS = 100

/** One sampled counter: a ring of per-second rates. */
class Metric {
  private readonly rates = new Float64Array(SAMPLES)
  private index = 0
  private lastValue = 0

  sample(value: number, elapsedMs: number): void {
    const rate = elapsedMs > 0 ? ((value - this.lastValue) * 1000) / elapsedMs : 0
    this.rates[this.index] = rate < 0 ? 0 : rate
    this.index = (this.index + 1) % SAMPLES
    this.lastValue = value
  }

  /** Average per-second rate over the samples. */
  average(): number {
    let sum = 0
    for (const r of this.rates) sum += r
    return sum / SAMPLES
  }

  start(value: number): void {
    this.rates.fill(0)
    this.index = 0
    this.lastValue = value
  }
}

/** The three sampled rates of INFO stats, fed by the server cron. */
export class InstantaneousMetrics {
  private readonly ops = new Metric()
  private readonly netIn = new Metric()
  private readonly netOut = new Metric()
  private lastAt = -1

  /**
   * Takes a sample when 100 ms or more have passed since the previous one (call it from the
   * server cron with the running totals).
   */
  sampleIfDue(nowMs: number, commands: number, netInputBytes: number, netOutputBytes: number): void {
    if (this.lastAt < 0) {
      this.reset(nowMs, commands, netInputBytes, netOutputBytes)
      return
    }
    const elapsed = nowMs - this.lastAt
    if (elapsed < PERIOD_MS) return
    this.ops.sample(commands, elapsed)
    this.netIn.sample(netInputBytes, elapsed)
    this.netOut.sample(netOutputBytes, elapsed)
    this.lastAt = nowMs
  }

  /** Forgets every sample (CONFIG RESETSTAT), starting again from the given totals. */
  reset(nowMs: number, commands: number, netInputBytes: number, netOutputBytes: number): void {
    this.ops.start(commands)
    this.netIn.start(netInputBytes)
    this.netOut.start(netOutputBytes)
    this.lastAt = nowMs
  }

  /** instantaneous_ops_per_sec (an integer, as redis prints it). */
  opsPerSec(): number {
    return Math.floor(this.ops.average())
  }

  /** instantaneous_input_kbps. */
  inputKbps(): number {
    return this.netIn.average() / 1024
  }

  /** instantaneous_output_kbps. */
  outputKbps(): number {
    return this.netOut.average() / 1024
  }
}
