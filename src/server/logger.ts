/**
 * The server log in Redis's format: "pid:role dd Mon yyyy hh:mm:ss.mmm <level> message",
 * with level marks '.' debug, '-' verbose, '*' notice, '#' warning; honours loglevel and
 * logfile ("" is standard output). Container test frameworks wait for its key lines.
 */

import { appendFileSync } from 'node:fs'

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing'

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 }
const LEVEL_MARK: Record<Exclude<LogLevel, 'nothing'>, string> = {
  debug: '.',
  verbose: '-',
  notice: '*',
  warning: '#',
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** Formats a timestamp as Redis does: "23 Nov 2026 09:00:00.123" (local time). */
export function logTimestamp(d: Date): string {
  return (
    `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  )
}

/** Where log lines go: a file path, standard output (""), or a function (embedding). */
export type LogTarget = string | ((line: string) => void) | null

export class Logger {
  level: LogLevel = 'notice'
  /** Role mark: 'C' before the server is set up (config loading), 'M' afterwards. */
  role = 'C'

  constructor(public target: LogTarget) {}

  log(level: Exclude<LogLevel, 'nothing'>, message: string): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.level] || this.target === null) return
    const line = `${process.pid}:${this.role} ${logTimestamp(new Date())} ${LEVEL_MARK[level]} ${message}\n`
    if (typeof this.target === 'function') {
      this.target(line)
    } else if (this.target === '') {
      process.stdout.write(line)
    } else {
      try {
        appendFileSync(this.target, line)
      } catch {
        // Redis silently drops log lines it cannot write; so do we.
      }
    }
  }
}
