/**
 * Server counters reported by INFO stats and errorstats, reset by CONFIG RESETSTAT.
 * Plain number fields, bumped inline: no objects per command.
 */

/** Error codes tracked separately at most (redis: ERRORSTATS_LIMIT); beyond, new codes are not added. */
export const ERRORSTATS_LIMIT = 128

export class ServerStats {
  commandsProcessed = 0
  connectionsReceived = 0
  rejectedConnections = 0
  netInputBytes = 0
  netOutputBytes = 0
  totalErrorReplies = 0
  /** Socket reads and writes handled (total_reads_processed, total_writes_processed). */
  readsProcessed = 0
  writesProcessed = 0
  /** Time spent in active expiry cycles, in microseconds (expire_cycle_cpu_milliseconds). */
  expireCycleUsec = 0
  /** Error code (first word, e.g. "ERR", "WRONGTYPE") → count. */
  readonly errorCodes = new Map<string, number>()
  /** Time of the last CONFIG RESETSTAT or start (ms). */
  resetAt = Date.now()

  /** Counts one error reply by its code, as redis afterErrorReply(). */
  countError(msg: string): void {
    this.totalErrorReplies++
    const sp = msg.indexOf(' ')
    const code = sp === -1 ? msg : msg.slice(0, sp)
    const n = this.errorCodes.get(code)
    if (n !== undefined) this.errorCodes.set(code, n + 1)
    else if (this.errorCodes.size < ERRORSTATS_LIMIT) this.errorCodes.set(code, 1)
  }

  reset(): void {
    this.commandsProcessed = 0
    this.connectionsReceived = 0
    this.rejectedConnections = 0
    this.netInputBytes = 0
    this.netOutputBytes = 0
    this.totalErrorReplies = 0
    this.readsProcessed = 0
    this.writesProcessed = 0
    this.expireCycleUsec = 0
    this.errorCodes.clear()
    this.resetAt = Date.now()
  }
}
