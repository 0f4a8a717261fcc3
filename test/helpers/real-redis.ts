/**
 * Test helper: runs a real redis-server (the Redis 7.0 oracle of the differential tests) on a free
 * loopback port in a scratch directory, with persistence off, and stops it reliably.
 * Tests skip with hasRedisServer()/redisServerSkip() when the binary is not installed.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { RawClient } from './raw-client.js'

/** A running redis-server child process. */
export interface RealRedis {
  /** Loopback TCP port it listens on. */
  readonly port: number
  /** Always 127.0.0.1. */
  readonly host: string
  /** Its scratch working directory (removed by stop()). */
  readonly dir: string
  /** The child process. */
  readonly process: ChildProcess
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  /** SIGTERM, then SIGKILL after 5 s; removes the scratch directory. Safe to call twice. */
  stop(): Promise<void>
}

const STARTUP_TIMEOUT_MS = 10_000
const STOP_GRACE_MS = 5_000

let cachedPath: string | null | undefined

/**
 * Path of the redis-server binary: $REDIS_SERVER when set, else the first executable
 * 'redis-server' on $PATH, else null.
 */
export function redisServerPath(): string | null {
  if (cachedPath !== undefined) return cachedPath
  const candidates = process.env.REDIS_SERVER
    ? [process.env.REDIS_SERVER]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'redis-server'))
  cachedPath = null
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK)
      cachedPath = file
      break
    } catch {
      // not there; try the next directory
    }
  }
  return cachedPath
}

/** True when a redis-server binary can be run. */
export function hasRedisServer(): boolean {
  return redisServerPath() !== null
}

/**
 * For node:test's 'skip' option: false when redis-server is available, else the reason.
 *   it('…', { skip: redisServerSkip() }, async () => { … })
 */
export function redisServerSkip(): string | false {
  if (hasRedisServer()) return false
  return process.env.REDIS_SERVER
    ? `$REDIS_SERVER (${process.env.REDIS_SERVER}) is not an executable file`
    : 'redis-server is not installed (not on $PATH); install the redis-server package'
}

/** A TCP port that was free on 127.0.0.1 a moment ago (bind port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))))
    })
  })
}

/**
 * Starts redis-server on a free loopback port with '--save "" --appendonly no' in a fresh temp
 * dir, plus 'extraArgs' (redis-server command-line form: '--maxmemory', '10mb', …), and resolves
 * once it answers PING. Retries on another port if the one picked was taken meanwhile.
 */
export async function startRealRedis(extraArgs: string[] = []): Promise<RealRedis> {
  const bin = redisServerPath()
  if (!bin) throw new Error(redisServerSkip() || 'redis-server missing')
  let lastError: Error | undefined
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    try {
      return await startOn(bin, port, extraArgs)
    } catch (err) {
      lastError = err as Error
      if (!/Address already in use/i.test(lastError.message)) throw lastError
    }
  }
  throw lastError ?? new Error('redis-server did not start')
}

async function startOn(bin: string, port: number, extraArgs: string[]): Promise<RealRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'redoubt-real-redis-'))
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--logfile',
    '',
    ...extraArgs,
  ]
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s))
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  let spawnError: Error | null = null
  child.once('error', (err) => {
    spawnError = err
  })
  // A test process that dies without calling stop() must not leave redis-server behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)

  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
        await exited
        clearTimeout(timer)
      }
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    })()
    return stopping
  }

  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await stop()
      const why = spawnError
        ? (spawnError as Error).message
        : `exited with ${child.exitCode ?? child.signalCode}`
      throw new Error(`redis-server ${args.join(' ')} ${why}:\n${output}`)
    }
    if (await answersPing(port)) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(
        `redis-server did not answer PING on port ${port} within ${STARTUP_TIMEOUT_MS} ms:\n${output}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return { port, host: '127.0.0.1', dir, process: child, output: () => output, stop }
}

async function answersPing(port: number): Promise<boolean> {
  let client: RawClient | undefined
  try {
    client = await RawClient.connect(port, '127.0.0.1', { timeoutMs: 500 })
    const reply = (await client.call('PING')).toString()
    // With requirepass the server is up when it asks for authentication.
    return reply === '+PONG\r\n' || reply.startsWith('-NOAUTH')
  } catch {
    return false
  } finally {
    client?.destroy()
  }
}
