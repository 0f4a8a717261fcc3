/**
 * redis-cli against redoubt, compared with the same invocation against redis-server: commands
 * given as arguments, commands read from a stdin pipe, -x, -n, -3 (RESP3), --raw, -r and
 * --pipe mass insertion (RESP on stdin, answered by an ECHO of a random marker).
 */

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type RealRedis, startRealRedis } from '../helpers/real-redis.js'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'

function findRedisCli(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, 'redis-cli')
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not in this directory
    }
  }
  return null
}

const CLI = findRedisCli()
const SKIP = CLI === null ? 'redis-cli is not installed' : false

interface CliResult {
  stdout: string
  stderr: string
  status: number | null
}

/**
 * Runs redis-cli against 'port' with 'args', optionally feeding 'input' on stdin. Async:
 * redoubt runs in this process, so a synchronous spawn would block the server it talks to.
 */
function cli(port: number, args: string[], input?: string | Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI!, ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: 'pipe' })
    const out: Buffer[] = []
    const err: Buffer[] = []
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({
        stdout: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('latin1'),
        status,
      })
    })
    child.stdin.on('error', () => {})
    child.stdin.end(input ?? '')
  })
}

/** RESP multibulk for argv (mass-insertion input). */
function resp(...argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
}

describe('redis-cli', { skip: SKIP }, () => {
  let redoubt: RedoubtHandle
  let redis: RealRedis | null = null

  before(async () => {
    redoubt = await startRedoubt()
    try {
      redis = await startRealRedis()
    } catch {
      redis = null
    }
  })
  after(async () => {
    await redoubt?.close()
    await redis?.stop()
  })

  /** Runs the same invocation on both servers; redoubt's output must equal redis-server's. */
  async function same(args: string[], input?: string): Promise<CliResult> {
    const ours = await cli(redoubt.port, args, input)
    if (redis !== null) {
      const theirs = await cli(redis.port, args, input)
      assert.deepEqual(ours, theirs, `redis-cli ${args.join(' ')}`)
    }
    return ours
  }

  it('runs commands given as arguments', async () => {
    await cli(redoubt.port, ['FLUSHALL'])
    if (redis) await cli(redis.port, ['FLUSHALL'])
    assert.equal((await same(['PING'])).stdout, 'PONG\n')
    assert.equal((await same(['SET', 'cli:k', 'hello world'])).stdout, 'OK\n')
    assert.equal((await same(['GET', 'cli:k'])).stdout, 'hello world\n')
    assert.equal((await same(['GET', 'cli:missing'])).stdout, '\n')
    await same(['ECHO', 'a\tb'])
    await same(['INCR', 'cli:n'])
    await same(['INCR', 'cli:k'])
    await same(['NOSUCH', 'x'])
    await same(['CLIENT', 'GETNAME'])
    await same(['CLIENT', 'NOSUCH'])
    await same(['--raw', 'GET', 'cli:k'])
    await same(['--no-raw', 'GET', 'cli:k'])
    await same(['-r', '3', 'PING'])
    await same(['-n', '2', 'SET', 'cli:db2', 'x'])
    await same(['-n', '2', 'GET', 'cli:db2'])
    await same(['GET', 'cli:db2'])
  })

  it('speaks RESP3 with -3', async () => {
    const out = (await cli(redoubt.port, ['-3', 'HELLO', '3'])).stdout
    assert.match(
      out,
      /^server redis\nversion 7\.0\.15\nproto 3\nid \d+\nmode standalone\nrole master\nmodules \n$/,
    )
    await same(['-3', 'PING'])
    await same(['-3', 'GET', 'cli:nothing'])
    await same(['-3', 'CLIENT', 'GETNAME'])
  })

  it('reads commands from a stdin pipe, one per line', async () => {
    const script = 'PING\nDEL cli:a\nSET cli:a 1\nINCR cli:a\nNOSUCH\nGET cli:a\nECHO "quoted arg"\n'
    const out = await same([], script)
    assert.equal(
      out.stdout,
      "PONG\n0\nOK\n2\nERR unknown command 'NOSUCH', with args beginning with: \n\n2\nquoted arg\n",
    )
  })

  it('takes the last argument from stdin with -x', async () => {
    await same(['-x', 'SET', 'cli:x'], 'from stdin\n')
    assert.equal((await same(['GET', 'cli:x'])).stdout, 'from stdin\n\n')
  })

  it('mass-inserts with --pipe', async () => {
    let input = ''
    const n = 5000
    for (let i = 0; i < n; i++) input += resp('SET', `mass:${i}`, `value-${i}`)
    input += resp('NOSUCH')
    const out = await cli(redoubt.port, ['--pipe'], input)
    // The one deliberate error is reported, and makes redis-cli exit with status 1.
    assert.equal(out.status, 1, out.stderr)
    assert.match(out.stderr, /ERR unknown command 'NOSUCH', with args beginning with: /)
    assert.match(out.stdout, /All data transferred\. Waiting for the last reply\.\.\./)
    assert.match(out.stdout, /Last reply received from server\./)
    assert.match(out.stdout, new RegExp(`errors: 1, replies: ${n + 1}`))
    assert.equal((await cli(redoubt.port, ['GET', 'mass:0'])).stdout, 'value-0\n')
    assert.equal((await cli(redoubt.port, ['GET', `mass:${n - 1}`])).stdout, `value-${n - 1}\n`)
  })
})
