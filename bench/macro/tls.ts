/**
 * TLS macro benchmark (issue #4): redis-benchmark --tls with a client certificate (mutual
 * TLS) against redoubt and against redis-server, same certificates (made with openssl for
 * the run), same run, printing requests per second and the ratio redoubt/redis. Bounded:
 * fixed request counts (BENCH_REQUESTS, default 50000) and a timeout per run; both servers
 * are killed at the end.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/macro/tls.js
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { makeTestPki, type TestPki } from '../../test/helpers/tls-certs.js'
import { benchmarkRps, freePort, has, median, PINNED, pinned, waitForPing } from './bench-kit.js'

const REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 50000), 1_000_000)
const CLIENTS = 50
/** Runs per server and workload (BENCH_ROUNDS, 1..9, default 3), reported as medians. */
const ROUNDS = Math.min(Math.max(Number(process.env.BENCH_ROUNDS ?? 3), 1), 9)
const TESTS = ['set', 'get']
const PIPELINES = [1, 16]

function tlsArgs(pki: TestPki): string[] {
  return ['--tls', '--cert', pki.clientCert, '--key', pki.clientKey, '--cacert', pki.caCert]
}

function rps(port: number, pki: TestPki, test: string, pipeline: number): number {
  return benchmarkRps({
    port,
    test,
    pipeline,
    requests: REQUESTS,
    clients: CLIENTS,
    extra: [...tlsArgs(pki), '-r', '100000'],
  })
}

/** The TLS directives both servers get, as the hardening guides write them. */
function tlsConfig(pki: TestPki, tlsPort: number): string[] {
  return [
    '--port',
    '0',
    '--tls-port',
    String(tlsPort),
    '--tls-cert-file',
    pki.serverCert,
    '--tls-key-file',
    pki.serverKey,
    '--tls-ca-cert-file',
    pki.caCert,
    '--tls-auth-clients',
    'yes',
    '--tls-protocols',
    'TLSv1.2 TLSv1.3',
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]
}

async function main(): Promise<void> {
  for (const tool of ['redis-benchmark', 'redis-server', 'redis-cli', 'openssl']) {
    if (!has(tool)) {
      console.error(`${tool} is required`)
      process.exit(1)
    }
  }
  const pki = makeTestPki()
  const procs: ChildProcess[] = []
  try {
    const redoubtPort = await freePort()
    const redisPort = await freePort()
    const [rc, ra] = pinned('0', process.execPath, [
      join(process.cwd(), 'dist/src/bin/redoubt-server.js'),
      ...tlsConfig(pki, redoubtPort),
    ])
    procs.push(spawn(rc, ra, { stdio: 'ignore' }))
    const [sc, sa] = pinned('0', 'redis-server', tlsConfig(pki, redisPort))
    procs.push(spawn(sc, sa, { stdio: 'ignore' }))
    await waitForPing(redoubtPort, tlsArgs(pki))
    await waitForPing(redisPort, tlsArgs(pki))
    console.log(
      `redis-benchmark --tls (mutual TLS) -c ${CLIENTS} -n ${REQUESTS} -r 100000${PINNED ? ' (servers core 0, client core 1)' : ''}`,
    )
    console.log(`test P    redoubt rps   redis rps   redoubt/redis   (medians of ${ROUNDS} alternating runs)`)
    // Warm-up (not reported), then ROUNDS runs per server alternating which goes first, as
    // bench/macro/redis-benchmark.ts: single runs differ by several percent.
    for (const test of TESTS) for (const port of [redoubtPort, redisPort]) rps(port, pki, test, 16)
    for (const pipeline of PIPELINES) {
      for (const test of TESTS) {
        const oursRuns: number[] = []
        const theirsRuns: number[] = []
        for (let round = 0; round < ROUNDS; round++) {
          const pair = [
            () => oursRuns.push(rps(redoubtPort, pki, test, pipeline)),
            () => theirsRuns.push(rps(redisPort, pki, test, pipeline)),
          ]
          if (round % 2 === 1) pair.reverse()
          for (const run of pair) run()
        }
        const ours = median(oursRuns)
        const theirs = median(theirsRuns)
        console.log(
          `${test.padEnd(4)} ${String(pipeline).padEnd(3)} ${ours.toFixed(0).padStart(11)} ${theirs.toFixed(0).padStart(11)} ${(ours / theirs).toFixed(3).padStart(15)}`,
        )
      }
    }
  } finally {
    for (const p of procs) p.kill('SIGKILL')
    pki.remove()
  }
}

await main()
