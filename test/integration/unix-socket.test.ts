/**
 * 'unixsocket' and 'unixsocketperm': the socket file has its configured mode from the moment
 * it appears (bound in a private directory, then renamed), a stale file is replaced, CLIENT
 * LIST shows addr=path:0 laddr=path:0 and the U flag, and close() removes the file.
 */

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startRedoubt } from '../helpers/redoubt.js'

function cli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { encoding: 'latin1', timeout: 5000 }, (err, out, errOut) => {
      if (err !== null) reject(new Error(`redis-cli ${args.join(' ')}: ${err.message} ${errOut}`))
      else resolve(out)
    })
  })
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdt-unix-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test('unixsocketperm 700 gives the socket mode 0700 and nothing else is left in its directory', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'redoubt.sock')
  const srv = await startRedoubt({ unixsocket: path, unixsocketperm: '700' })
  t.after(() => srv.close())
  const st = statSync(path)
  assert.ok(st.isSocket())
  assert.equal(st.mode & 0o777, 0o700)
  // The private staging directory is gone: only the socket remains.
  assert.deepEqual(readdirSync(dir), ['redoubt.sock'])
  assert.equal((await cli(['-s', path, 'PING'])).trim(), 'PONG')
})

test('unixsocketperm 0 leaves the mode the umask gives, as Redis', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 's.sock')
  const srv = await startRedoubt({ unixsocket: path })
  t.after(() => srv.close())
  const expected = 0o777 & ~process.umask()
  assert.equal(statSync(path).mode & 0o777, expected)
})

test('CLIENT LIST over the Unix socket shows addr=path:0 laddr=path:0 and flag U', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'r.sock')
  const srv = await startRedoubt({ unixsocket: path, unixsocketperm: '770' })
  t.after(() => srv.close())
  const line = await cli(['-s', path, 'CLIENT', 'INFO'])
  assert.match(line, new RegExp(`^id=\\d+ addr=${path}:0 laddr=${path}:0 fd=\\d+ `))
  assert.match(line, / flags=U /)
  // A TCP client of the same server has no U flag.
  const tcp = await cli(['-p', String(srv.port), 'CLIENT', 'INFO'])
  assert.match(tcp, / flags=N /)
  assert.match(tcp, / addr=127\.0\.0\.1:\d+ /)
})

test('a stale file at the unixsocket path is replaced, and close() removes the socket', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'stale.sock')
  writeFileSync(path, 'left over')
  const srv = await startRedoubt({ unixsocket: path, unixsocketperm: '700' })
  assert.ok(statSync(path).isSocket())
  assert.equal((await cli(['-s', path, 'PING'])).trim(), 'PONG')
  await srv.close()
  assert.equal(existsSync(path), false)
})

test('CONFIG SET unixsocket is refused: it is immutable, as in Redis', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'i.sock')
  const srv = await startRedoubt({ unixsocket: path, unixsocketperm: '700' })
  t.after(() => srv.close())
  const out = await cli(['-s', path, 'CONFIG', 'SET', 'unixsocketperm', '777'])
  assert.match(out, /can't set immutable config/)
  assert.equal(statSync(path).mode & 0o777, 0o700)
})
