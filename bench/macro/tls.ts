/**
 * TLS macro benchmark (issue #4): redis-benchmark --tls with a client certificate (mutual
 * TLS) against redoubt and against redis-server, same certificates (made with openssl for
 * the run), same run, printing requests per second and the ratio redoubt/redis. Bounded:
 * fixed request counts (BENCH_REQUESTS, default 50000) and a timeout per run; both servers
 * are killed at the end.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/macro/tls.js
 */

import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { makeTestPki, type TestPki } from '../../test/helpers/tls-certs.js'

const REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 50000), 1_000_000)
const CLIENTS = 50
const TESTS = ['set', 'get']
const PIPELINES = [1, 16]

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
}
const pin = has('taskset')

function pinned(core: string, cmd: string, args: string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', core, cmd, ...args]] : [cmd, args]
}

function freePort(): Promise<number> {
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

function tlsArgs(pki: TestPki): string[] {
  return ['--tls', '--cert', pki.clientCert, '--key', pki.clientKey, '--cacert', pki.caCert]
}

async function waitForPing(port: number, pki: TestPki): Promise<void> {
  const deadline = Date.now() + 15000
  while (Date.now() < deadline) {
    const r = spawnSync('redis-cli', [...tlsArgs(pki), '-p', String(port), 'PING'], { encoding: 'utf8' })
    if (r.stdout.trim() === 'PONG') return
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error(`server on TLS port ${port} did not answer PING`)
}

function rps(port: number, pki: TestPki, test: string, pipeline: number): number {
  const [cmd, args] = pinned('1', 'redis-benchmark', [
    ...tlsArgs(pki),
    '-p',
    String(port),
    '-t',
    test,
    '-n',
    String(REQUESTS),
    '-c',
    String(CLIENTS),
    '-P',
    String(pipeline),
    '-r',
    '100000',
    '--csv',
  ])
  const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 300000 })
  const line = out.split('\n').find((l) => l.startsWith(`"${test.toUpperCase()}"`))
  if (line === undefined) throw new Error(`no result from redis-benchmark: ${out}`)
  return Number(line.split(',')[1]?.replaceAll('"', ''))
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
    await waitForPing(redoubtPort, pki)
    await waitForPing(redisPort, pki)
    console.log(
      `redis-benchmark --tls (mutual TLS) -c ${CLIENTS} -n ${REQUESTS} -r 100000${pin ? ' (servers core 0, client core 1)' : ''}`,
    )
    console.log('test P    redoubt rps   redis rps   redoubt/redis')
    for (const pipeline of PIPELINES) {
      for (const test of TESTS) {
        const ours = rps(redoubtPort, pki, test, pipeline)
        const theirs = rps(redisPort, pki, test, pipeline)
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
