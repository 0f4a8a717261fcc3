/**
 * 'bind' with several addresses and the '-' prefix, compared with redis-server's log: an
 * optional address that does not exist here is skipped with Redis's warning; a required one
 * aborts the start with Redis's two lines. 10.255.255.1 is assumed not to be a local address.
 */

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { freePort, redisServerSkip } from '../helpers/real-redis.js'
import { runRedoubt, spawnRedoubt } from '../helpers/redoubt.js'

const ABSENT = '10.255.255.1'
const skip = redisServerSkip()

/** Log lines without the "pid:role date time level " prefix. */
function messages(out: string): string[] {
  return out
    .split('\n')
    .map((l) => l.replace(/^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ . /, ''))
    .filter((l) => l.includes('listening'))
}

/** Runs redis-server with 'args' until it exits or 'ms' pass; its output. */
function runRedis(args: string[], ms: number): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn('redis-server', [...args, '--save', '', '--appendonly', 'no', '--logfile', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s))
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ out, code })
    })
  })
}

test("an optional '-' address that does not exist is skipped with Redis's warning", { skip }, async (t) => {
  const port = await freePort()
  const srv = await spawnRedoubt(['--port', String(port), '--bind', `127.0.0.1 -${ABSENT}`])
  t.after(() => srv.stop())
  const expected = (p: number): string =>
    `Warning: Could not create server TCP listening socket ${ABSENT}:${p}: bind: Cannot assign requested address`
  assert.deepEqual(messages(srv.output()), [expected(port)])
  const other = await freePort()
  const real = await runRedis(['--port', String(other), '--bind', `127.0.0.1 -${ABSENT}`], 1500)
  assert.equal(messages(real.out)[0], expected(other), real.out)
})

test('a required address that does not exist aborts the start with Redis lines', { skip }, async () => {
  const port = await freePort()
  const args = ['--port', String(port), '--bind', `127.0.0.1 ${ABSENT}`]
  const ours = await runRedoubt(args)
  const theirs = await runRedis(args, 5000)
  assert.notEqual(ours.code, 0)
  assert.notEqual(theirs.code, 0)
  const expected = [
    `Warning: Could not create server TCP listening socket ${ABSENT}:${port}: bind: Cannot assign requested address`,
    `Failed listening on port ${port} (TCP), aborting.`,
  ]
  assert.deepEqual(messages(theirs.out), expected)
  assert.deepEqual(messages(ours.stdout + ours.stderr), expected)
})
