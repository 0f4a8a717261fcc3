/**
 * What every macro benchmark shares: core pinning with taskset, free loopback ports, waiting
 * for a server's PING, and one bounded redis-benchmark run parsed from its CSV output.
 */

import { execFileSync, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'

/** True when 'cmd' is on the PATH. */
export function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
}

/** Whether processes are pinned to cores (servers on core 0, the benchmark on core 1). */
export const PINNED = has('taskset')

/** 'cmd args' run on 'core' when taskset exists. */
export function pinned(core: string, cmd: string, args: string[]): [string, string[]] {
  return PINNED ? ['taskset', ['-c', core, cmd, ...args]] : [cmd, args]
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a !== null ? a.port : 0
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Waits (at most 15 s) until redis-cli gets PONG from 'port'; 'cliArgs' adds e.g. TLS options. */
export async function waitForPing(port: number, cliArgs: string[] = []): Promise<void> {
  const deadline = Date.now() + 15000
  while (Date.now() < deadline) {
    const r = spawnSync('redis-cli', [...cliArgs, '-p', String(port), 'PING'], { encoding: 'utf8' })
    if (r.stdout.trim() === 'PONG') return
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error(`server on port ${port} did not answer PING`)
}

/** One redis-benchmark workload. */
export interface BenchRun {
  port: number
  test: string
  pipeline: number
  requests: number
  clients: number
  /** Extra redis-benchmark arguments (TLS, --user/-a, -r N). */
  extra?: string[]
}

/**
 * Requests per second of one redis-benchmark run (pinned to core 1, at most 300 s). The CSV
 * line named after the test is used (lrange_* first prints the LPUSH that fills the list).
 */
export function benchmarkRps(run: BenchRun): number {
  const [cmd, args] = pinned('1', 'redis-benchmark', [
    ...(run.extra ?? []),
    '-p',
    String(run.port),
    '-t',
    run.test,
    '-n',
    String(run.requests),
    '-c',
    String(run.clients),
    '-P',
    String(run.pipeline),
    '--csv',
  ])
  const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 300000 })
  const lines = out.split('\n').filter((l) => l.startsWith('"') && !l.startsWith('"test"'))
  const name = `"${run.test.toUpperCase()}`
  const line = lines.find((l) => l.startsWith(`${name}"`) || l.startsWith(`${name} `)) ?? lines[0]
  if (line === undefined) throw new Error(`no result from redis-benchmark: ${out}`)
  return Number(line.split(',')[1]?.replaceAll('"', ''))
}

/** The middle value (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
