/**
 * CPU time of the main (event-loop) thread, for INFO cpu's used_cpu_*_main_thread (redis
 * reads getrusage(RUSAGE_THREAD)). Node 20 has no per-thread API, so on Linux this reads
 * /proc/thread-self/stat, whose times are in USER_HZ ticks (100 per second, 10 ms precision).
 * Elsewhere it returns null and INFO leaves those fields out, as Redis does without
 * RUSAGE_THREAD.
 */

import { readFileSync } from 'node:fs'

/** USER_HZ: the unit of utime/stime in /proc (fixed at 100 on Linux for user space). */
const TICKS_PER_SECOND = 100

/** Seconds of user and system CPU used by the calling thread, or null when unknown. */
export function mainThreadCpuSeconds(): { user: number; sys: number } | null {
  if (process.platform !== 'linux') return null
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1')
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    const user = Number(fields[11])
    const sys = Number(fields[12])
    if (!Number.isFinite(user) || !Number.isFinite(sys)) return null
    return { user: user / TICKS_PER_SECOND, sys: sys / TICKS_PER_SECOND }
  } catch {
    return null
  }
}
