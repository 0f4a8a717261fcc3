/**
 * SETBIT on a large bitmap: 100,000 SETBITs at pseudo-random offsets of a 1 MB bitmap, sent in
 * pipelined batches of 1,000 over one connection, against redoubt (in process) and a real
 * redis-server in the same run. It shows that a bit write costs O(1) in redoubt too (the value
 * is held in its Buffer-backed form, store/byte-string.ts) rather than a 1 MB string rebuild.
 * redoubt runs in a child process so that it does not share a thread with the load generator.
 * Bounded: fixed operation count, 60 s timeout per server; both servers are stopped at the end.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/micro/setbit.bench.js
 */

import { spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { freePort, startRealRedis } from '../../test/helpers/real-redis.js'

const OPS = 100_000
const BATCH = 1_000
const BITS = 8 * 1024 * 1024
const TIMEOUT_MS = 60_000

function encode(args: string[]): string {
  let s = `*${args.length}\r\n`
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`
  return s
}

/** Sends 'commands' and resolves when as many single-line replies arrived. */
function roundTrip(sock: Socket, commands: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = commands.length
    const timer = setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS)
    const onData = (chunk: Buffer): void => {
      for (const b of chunk) if (b === 10) pending--
      if (pending <= 0) {
        clearTimeout(timer)
        sock.off('data', onData)
        resolve()
      }
    }
    sock.on('data', onData)
    sock.write(commands.join(''), 'latin1')
  })
}

async function run(port: number): Promise<number> {
  const sock = connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve)
    sock.once('error', reject)
  })
  await roundTrip(sock, [encode(['DEL', 'bm']), encode(['SETBIT', 'bm', String(BITS - 1), '1'])])
  let x = 12345
  const start = performance.now()
  for (let i = 0; i < OPS; i += BATCH) {
    const batch: string[] = []
    for (let j = 0; j < BATCH; j++) {
      x = (x * 1103515245 + 12345) % 2147483648
      batch.push(encode(['SETBIT', 'bm', String(x % BITS), String(j & 1)]))
    }
    await roundTrip(sock, batch)
  }
  const ms = performance.now() - start
  sock.destroy()
  return ms
}

/** Starts redoubt in a child process on a free port; resolves once it accepts connections. */
async function startRedoubtChild(): Promise<{ port: number; stop(): void }> {
  const port = await freePort()
  const index = new URL('../../src/index.js', import.meta.url).href
  const child = spawn(
    process.execPath,
    ['-e', `import(${JSON.stringify(index)}).then((m) => m.startServer({ port: ${port} }))`],
    { stdio: 'ignore' },
  )
  const deadline = Date.now() + 10_000
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1')
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (ok) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error('redoubt did not start')
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { port, stop: () => child.kill('SIGKILL') }
}

const redoubt = await startRedoubtChild()
const redis = await startRealRedis()
try {
  const ours = await run(redoubt.port)
  const theirs = await run(redis.port)
  const fmt = (ms: number): string => `${ms.toFixed(0)} ms (${Math.round((OPS / ms) * 1000)} ops/s)`
  console.log(`${OPS} SETBITs on a 1 MB bitmap, pipelined by ${BATCH}:`)
  console.log(`  redoubt       ${fmt(ours)}`)
  console.log(`  redis-server  ${fmt(theirs)}`)
  console.log(`  ratio (redis time / redoubt time) ${(theirs / ours).toFixed(2)}`)
} finally {
  redoubt.stop()
  await redis.stop()
}
