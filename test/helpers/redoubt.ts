/**
 * Test helper: starts redoubt in process through the embedding API (startRedoubt), or as the
 * built 'redoubt-server' binary in a child process (spawnRedoubt, runRedoubt) for CLI and config
 * file tests. The binary runs from dist/, so compile first: npx tsc -p tsconfig.json.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './real-redis.js'

/** Embedding options: redis.conf directive names and their values ({ port: 0, databases: 4 }). */
export type RedoubtOptions = Record<string, string | number | boolean>

/** A redoubt server running in this process. */
export interface RedoubtHandle {
  /** The TCP port it listens on (the ephemeral port when started with port 0). */
  readonly port: number
  /** Stops it and closes every connection. */
  close(): Promise<void>
}

/** The signature of startServer in src/index.ts that this helper relies on. */
type StartServer = (options: RedoubtOptions) => Promise<RedoubtHandle>

// Resolved at run time, so the helpers compile while src/index.ts is still being written.
// From dist/test/helpers/ this is dist/src/index.js.
const INDEX_URL = new URL('../../src/index.js', import.meta.url)
/** The compiled redoubt-server binary (dist/src/bin/redoubt-server.js). */
export const REDOUBT_BIN = fileURLToPath(new URL('../../src/bin/redoubt-server.js', import.meta.url))

let startServerFn: Promise<StartServer> | undefined

async function loadStartServer(): Promise<StartServer> {
  const mod = (await import(INDEX_URL.href)) as { startServer?: unknown }
  if (typeof mod.startServer !== 'function') {
    throw new Error(`${fileURLToPath(INDEX_URL)} does not export a startServer function`)
  }
  return mod.startServer as StartServer
}

/**
 * Starts redoubt in this process with 'opts' (port defaults to 0, an ephemeral port) and
 * resolves once it listens. Close it in t.after() or an after() hook. When 'opts' has no port
 * and the server reports port 0, it is closed and this rejects (it would be unreachable).
 */
export async function startRedoubt(opts: RedoubtOptions = {}): Promise<RedoubtHandle> {
  startServerFn ??= loadStartServer()
  const startServer = await startServerFn
  const server = await startServer({ port: 0, ...opts })
  if (server.port === 0 && opts.port === undefined) {
    await server.close()
    throw new Error(
      'startServer({ port: 0 }) reported port 0: the embedding API must bind an ephemeral port and report it',
    )
  }
  return server
}

/** A redoubt-server child process. */
export interface SpawnedRedoubt {
  /** The TCP port it was told to use. */
  readonly port: number
  /** The child process. */
  readonly process: ChildProcess
  /** Its working directory (a fresh temp dir unless 'cwd' was given). */
  readonly cwd: string
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  /** SIGTERM, then SIGKILL after 5 s; resolves with how it exited. Safe to call twice. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Options of spawnRedoubt and runRedoubt. */
export interface SpawnOptions {
  /**
   * The port to expect. By default the last '--port' value in 'args' is used, and when there is
   * none a free port is picked and '--port <n>' appended. Give it when the port comes from a
   * config file; nothing is appended then.
   */
  port?: number
  /** Append '--port <free port>' when 'args' has no '--port' (default true). */
  addPort?: boolean
  /** Working directory (default: a temp dir removed by stop()). */
  cwd?: string
  /** How long to wait for "Ready to accept connections" (default 10 s). */
  timeoutMs?: number
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Script run with node instead of the redoubt-server binary (tests of this helper). */
  bin?: string
}

const READY_LINE = 'Ready to accept connections'
const STOP_GRACE_MS = 5_000

function binary(options: { bin?: string }): string {
  const bin = options.bin ?? REDOUBT_BIN
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: compile first (npx tsc -p tsconfig.json)`)
  }
  return bin
}

function portArg(args: readonly string[]): number | undefined {
  for (let i = args.length - 2; i >= 0; i--) {
    if (args[i] === '--port') return Number(args[i + 1])
  }
  return undefined
}

/**
 * Runs 'node dist/src/bin/redoubt-server.js ...args' and resolves once it logs "Ready to accept
 * connections". Rejects with its output if it exits first or is not ready in time.
 */
export async function spawnRedoubt(args: string[], options: SpawnOptions = {}): Promise<SpawnedRedoubt> {
  const bin = binary(options)
  const argv = args.slice()
  let port = options.port ?? portArg(argv)
  if (port === undefined) {
    if (options.addPort === false) {
      throw new Error('spawnRedoubt: no --port in args and addPort is false; pass options.port')
    }
    port = await freePort()
    argv.push('--port', String(port))
  }
  const ownDir = options.cwd === undefined
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'redoubt-spawn-'))
  const child = spawn(process.execPath, [bin, ...argv], {
    cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let onOutput: (() => void) | null = null
  const collect = (s: string): void => {
    output += s
    onOutput?.()
  }
  child.stdout.setEncoding('utf8').on('data', collect)
  child.stderr.setEncoding('utf8').on('data', collect)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  const killOnExit = (): void => {
    child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)

  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null
  const stop = (): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      const result = await exited
      clearTimeout(timer)
      process.off('exit', killOnExit)
      if (ownDir) rmSync(cwd, { recursive: true, force: true })
      return result
    })()
    return stopping
  }

  const timeoutMs = options.timeoutMs ?? 10_000
  const command = `node ${bin} ${argv.join(' ')}`
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs)
    const finish = (err?: Error): void => {
      clearTimeout(timer)
      onOutput = null
      child.off('error', finish)
      if (err) {
        void stop().then(() => reject(new Error(`${command}: ${err.message}; output:\n${output}`)))
      } else {
        resolve()
      }
    }
    onOutput = () => {
      if (output.includes(READY_LINE)) finish()
    }
    child.once('error', finish)
    void exited.then(({ code, signal }) => {
      if (onOutput) finish(new Error(`exited with ${code ?? signal} before it was ready`))
    })
    onOutput()
  })
  return { port, process: child, cwd, output: () => output, stop }
}

/** The outcome of a redoubt-server run to completion. */
export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * Runs redoubt-server with 'args' to completion (for --version, --help, bad configs that must
 * abort startup) and returns its exit status and output. Kills it after 'timeoutMs' (default
 * 10 s), which shows up as signal SIGKILL.
 */
export async function runRedoubt(
  args: string[],
  options: Pick<SpawnOptions, 'cwd' | 'timeoutMs' | 'env' | 'bin'> = {},
): Promise<RunResult> {
  const child = spawn(process.execPath, [binary(options), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000)
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}
