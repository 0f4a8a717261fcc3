/**
 * Wall-clock time in microseconds (TIME, INFO server_time_usec), as Redis's ustime().
 * Date.now() has millisecond precision; performance.timeOrigin + performance.now() has
 * microseconds but follows a monotonic clock that drifts from the wall clock after NTP or
 * manual adjustments. The precise value is used while it agrees with Date.now() to within a
 * millisecond, and Date.now() otherwise.
 */

/** Microseconds since the Unix epoch (an integer; below 2^53 until the year 2255). */
export function wallClockMicros(): number {
  const wall = Date.now()
  const precise = performance.timeOrigin + performance.now()
  const ms = Math.abs(precise - wall) < 1 ? precise : wall
  return Math.floor(ms * 1000)
}

const ORIGIN = performance.timeOrigin

/**
 * Milliseconds on a clock that reads the wall time of process start plus the monotonic time
 * since: it never jumps when the wall clock is set, so idle times measured on it stay true.
 * 'now' is a performance.now() reading the caller already has.
 */
export function steadyMs(now: number = performance.now()): number {
  return ORIGIN + now
}
