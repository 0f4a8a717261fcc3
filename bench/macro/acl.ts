/**
 * ACL macro benchmark on redoubt itself (issue #3): redis-benchmark SET/GET as the default
 * user (unrestricted: dispatch skips the ACL check) versus as a restricted user
 * (--user u -a pw, 'on >pw ~key:* +@all', so every key is matched against a pattern), printing
 * the ratio; then again after adding 1,000 users with 100 key patterns each, which must not
 * slow the others. Bounded: fixed request counts, the server is killed at the end.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/macro/acl.js
 *   BENCH_REQUESTS=500000 BENCH_ROUNDS=6 node dist/bench/macro/acl.js
 */

import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { benchmarkRps, freePort, has, median, PINNED, pinned, waitForPing } from './bench-kit.js'

const REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 300000), 2_000_000)
const CLIENTS = 50
/** Open/restricted run pairs per workload (BENCH_ROUNDS, 1..9, default 8: each order four times). */
const ROUNDS = Math.min(Math.max(Number(process.env.BENCH_ROUNDS ?? 8), 1), 9)
const TESTS = ['set', 'get']
const PIPELINES = [1, 16]
const USERS = 1000
const PATTERNS_PER_USER = 100

function rps(port: number, test: string, pipeline: number, auth: string[]): number {
  return benchmarkRps({
    port,
    test,
    pipeline,
    requests: REQUESTS,
    clients: CLIENTS,
    extra: [...auth, '-r', '100000'],
  })
}

function pipe(port: number, commands: string[][]): void {
  const body = commands
    .map((argv) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    .join('')
  const r = spawnSync('redis-cli', ['-p', String(port), '--pipe'], {
    input: body,
    encoding: 'utf8',
    timeout: 120000,
  })
  if (r.status !== 0) throw new Error(`redis-cli --pipe failed: ${r.stderr}`)
}

/**
 * Open and restricted runs alternate ROUNDS times after one warm-up run (open first in even
 * rounds, restricted first in odd ones), and each side reports its median: on a two-core
 * machine single runs of the same workload differ by up to 10%, more than the difference
 * being measured.
 */
function table(port: number, label: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const pipeline of PIPELINES) {
    for (const test of TESTS) {
      rps(port, test, pipeline, [])
      const opens: number[] = []
      const restricteds: number[] = []
      for (let r = 0; r < ROUNDS; r++) {
        // Which side runs first alternates too: the second run of a pair tends to meet the
        // garbage the first left (SET's overwritten values), which would bias the ratio.
        const restrictedRun = (): number => rps(port, test, pipeline, ['--user', 'u', '-a', 'pw'])
        if (r % 2 === 0) {
          opens.push(rps(port, test, pipeline, []))
          restricteds.push(restrictedRun())
        } else {
          restricteds.push(restrictedRun())
          opens.push(rps(port, test, pipeline, []))
        }
      }
      const open = median(opens)
      const restricted = median(restricteds)
      out.set(`${test}/${pipeline}/open`, open)
      out.set(`${test}/${pipeline}/restricted`, restricted)
      console.log(
        `${label.padEnd(22)} ${test.padEnd(4)} P${String(pipeline).padEnd(3)} default ${open.toFixed(0).padStart(9)}  u ${restricted.toFixed(0).padStart(9)}  u/default ${(restricted / open).toFixed(3)}`,
      )
    }
  }
  return out
}

async function main(): Promise<void> {
  if (!has('redis-benchmark')) {
    console.error('redis-benchmark is required (apt-get install redis-tools)')
    process.exit(1)
  }
  const port = await freePort()
  const [cmd, args] = pinned('0', process.execPath, [
    join(process.cwd(), 'dist/src/bin/redoubt-server.js'),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ])
  const proc = spawn(cmd, args, { stdio: 'ignore' })
  try {
    await waitForPing(port)
    pipe(port, [['ACL', 'SETUSER', 'u', 'on', '>pw', '~key:*', '+@all']])
    console.log(
      `redis-benchmark -c ${CLIENTS} -n ${REQUESTS} -r 100000${PINNED ? ' (server core 0, client core 1)' : ''}`,
    )
    const before = table(port, 'users: default, u')
    const many: string[][] = []
    for (let i = 0; i < USERS; i++) {
      const rules = ['on', `>p${i}`, '+@all']
      for (let j = 0; j < PATTERNS_PER_USER; j++) rules.push(`~user${i}:pat${j}:*`)
      many.push(['ACL', 'SETUSER', `bench${i}`, ...rules])
    }
    pipe(port, many)
    const after = table(port, `+${USERS} users x ${PATTERNS_PER_USER} pats`)
    console.log('effect of the extra users (after/before):')
    for (const [k, v] of after) console.log(`  ${k.padEnd(22)} ${(v / before.get(k)!).toFixed(3)}`)
  } finally {
    proc.kill('SIGKILL')
  }
}

await main()
