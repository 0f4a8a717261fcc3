/**
 * Macro benchmark: runs the same redis-benchmark workloads against redoubt and a real
 * redis-server in the same run and prints the ratio redoubt/redis for each; then measures
 * memory per key (1,000,000 keys of 32-byte values, RSS after loading) on both.
 * Servers and the benchmark client are pinned to separate cores when taskset exists.
 * Bounded: fixed request counts, and every child process is killed at the end.
 *
 *   npm run bench                       # all workloads
 *   BENCH_REQUESTS=200000 npm run bench # more requests per workload
 *   BENCH_ROUNDS=5 npm run bench        # runs per server and workload (medians reported)
 *   BENCH_SKIP_MEMORY=1 npm run bench   # throughput only
 *   BENCH_SKIP_THROUGHPUT=1 npm run bench   # memory only
 *   BENCH_RANDOM_KEYS=100000 npm run bench  # keys spread over 100,000 names (-r)
 *   BENCH_TESTS=lpush,lrange_100 npm run bench  # any redis-benchmark -t names
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { benchmarkRps, freePort, has, median, PINNED, pinned, waitForPing } from './bench-kit.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100000)
const WARMUP_REQUESTS = Math.min(REQUESTS, 50000)
const CLIENTS = 50
/**
 * Runs per server and workload (BENCH_ROUNDS, 1..9, default 3), reported as medians: single
 * runs on a two-core machine differ by several percent, as much as some margins measured.
 */
const ROUNDS = Math.min(Math.max(Number(process.env.BENCH_ROUNDS ?? 3), 1), 9)
const TESTS = (process.env.BENCH_TESTS ?? 'set,get,incr,mset').split(',')
const PIPELINES = [1, 16]
/** The workload uses redis-benchmark's fixed keys; BENCH_RANDOM_KEYS=N spreads them over N keys (-r N). */
const RANDOM_KEYS = process.env.BENCH_RANDOM_KEYS ? ['-r', process.env.BENCH_RANDOM_KEYS] : []
const MEMORY_KEYS = Number(process.env.BENCH_MEMORY_KEYS ?? 1000000)

interface Target {
  name: string
  port: number
  proc: ChildProcess
}

async function startTarget(name: 'redoubt' | 'redis', dir: string): Promise<Target> {
  const port = await freePort()
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const [cmd, args] =
    name === 'redis'
      ? pinned('0', 'redis-server', [...common, '--dir', dir])
      : pinned('0', process.execPath, [join(process.cwd(), 'dist/src/bin/redoubt-server.js'), ...common])
  const proc = spawn(cmd, args, { stdio: 'ignore' })
  await waitForPing(port)
  return { name, port, proc }
}

function rps(port: number, test: string, pipeline: number): number {
  return benchmarkRps({ port, test, pipeline, requests: REQUESTS, clients: CLIENTS, extra: RANDOM_KEYS })
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /VmRSS:\s+(\d+) kB/.exec(status)
  return m === null ? 0 : Number(m[1])
}

function loadKeys(port: number, n: number): void {
  const chunks: string[] = []
  for (let i = 0; i < n; i++) {
    const key = `key:${String(i).padStart(12, '0')}`
    // Distinct values: equal neighbours could share one string in redoubt and flatter it.
    const value = `value:${String(i).padStart(26, '0')}`
    chunks.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$32\r\n${value}\r\n`)
  }
  const r = spawnSync('redis-cli', ['-p', String(port), '--pipe'], {
    input: chunks.join(''),
    encoding: 'utf8',
    timeout: 300000,
    maxBuffer: 1 << 26,
  })
  if (r.status !== 0) throw new Error(`redis-cli --pipe failed: ${r.stderr}`)
}

async function main(): Promise<void> {
  if (!has('redis-server') || !has('redis-benchmark')) {
    console.error('redis-server and redis-benchmark are required (apt-get install redis-server redis-tools)')
    process.exit(1)
  }
  const dir = mkdtempSync(join(tmpdir(), 'redoubt-bench-'))
  const targets = [await startTarget('redis', dir), await startTarget('redoubt', dir)]
  try {
    console.log(
      `redis-benchmark -c ${CLIENTS} -n ${REQUESTS}${PINNED ? ' (servers on core 0, client on core 1)' : ''}`,
    )
    const throughput = process.env.BENCH_SKIP_THROUGHPUT !== '1'
    if (throughput) {
      // Warm-up, not reported: each workload once against both servers, so that redoubt is
      // measured with its hot paths compiled (as a server that has run for a while) rather
      // than partly in the JIT's first tiers.
      console.log(`warm-up: each workload once at -P 16, ${WARMUP_REQUESTS} requests, not reported`)
      for (const test of TESTS) {
        for (const t of targets) {
          benchmarkRps({
            port: t.port,
            test,
            pipeline: 16,
            requests: WARMUP_REQUESTS,
            clients: CLIENTS,
            extra: RANDOM_KEYS,
          })
        }
      }
    }
    console.log(
      `test      pipeline  redis rps    redoubt rps  ratio   (medians of ${ROUNDS} alternating runs)`,
    )
    for (const pipeline of throughput ? PIPELINES : []) {
      for (const test of TESTS) {
        const theirs: number[] = []
        const ours: number[] = []
        for (let round = 0; round < ROUNDS; round++) {
          // Which server goes first alternates: a run can be helped or hurt by the one before.
          const order = round % 2 === 0 ? [0, 1] : [1, 0]
          for (const i of order) (i === 0 ? theirs : ours).push(rps(targets[i]!.port, test, pipeline))
        }
        const r = median(theirs)
        const d = median(ours)
        console.log(
          `${test.padEnd(9)} ${String(pipeline).padEnd(9)} ${r.toFixed(0).padStart(10)}   ${d.toFixed(0).padStart(10)}   ${(d / r).toFixed(2)}`,
        )
      }
    }
    if (process.env.BENCH_SKIP_MEMORY !== '1') {
      console.log(`\nmemory: ${MEMORY_KEYS} keys of 32-byte values (RSS growth after loading)`)
      const perKey: number[] = []
      for (const t of targets) {
        spawnSync('redis-cli', ['-p', String(t.port), 'FLUSHALL'])
        const before = rssKb(t.proc.pid!)
        loadKeys(t.port, MEMORY_KEYS)
        const after = rssKb(t.proc.pid!)
        const bytes = ((after - before) * 1024) / MEMORY_KEYS
        perKey.push(bytes)
        console.log(`${t.name.padEnd(8)} ${bytes.toFixed(1)} bytes/key (RSS ${before} kB -> ${after} kB)`)
      }
      console.log(`ratio redoubt/redis: ${(perKey[1]! / perKey[0]!).toFixed(2)}`)
    }
  } finally {
    for (const t of targets) t.proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
