/**
 * ACL users from redis.conf 'user' lines, as Redis 7.0 loads them: 'default' is reset then
 * given the line's rules (so a password there requires AUTH), other users are created; a bad
 * rule or a duplicate user stops the start with Redis's message. Expected texts were taken
 * from redis-server 7.0.15 with the same files.
 */

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { runRedoubt, spawnRedoubt } from '../helpers/redoubt.js'

const dir = mkdtempSync(join(tmpdir(), 'redoubt-acl-conf-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function conf(name: string, lines: string[]): string {
  const p = join(dir, name)
  writeFileSync(p, `${lines.join('\n')}\n`)
  return p
}

describe("redis.conf 'user' lines", () => {
  it('user default on >mypassword ~* +@all requires AUTH and prints as Redis', async () => {
    const file = conf('ok.conf', ['user default on >mypassword ~* +@all', 'user app on >x ~a* +get'])
    const srv = await spawnRedoubt([file])
    try {
      const c = await RawClient.connect(srv.port)
      assert.equal((await c.call('PING')).toString('latin1'), '-NOAUTH Authentication required.\r\n')
      assert.equal((await c.call('AUTH', 'mypassword')).toString('latin1'), '+OK\r\n')
      assert.deepEqual(await c.callDecoded('ACL', 'LIST'), [
        'user app on #2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 ~a* resetchannels -@all +get',
        'user default on sanitize-payload #89e01536ac207279409d4de1e5253e01f4a1769e696db0d6062ca9b8f56767c8 ~* resetchannels +@all',
      ])
      assert.equal((await c.call('AUTH', 'app', 'x')).toString('latin1'), '+OK\r\n')
      assert.equal(
        (await c.call('SET', 'a1', 'v')).toString('latin1'),
        "-NOPERM this user has no permissions to run the 'set' command\r\n",
      )
      await c.close()
    } finally {
      await srv.stop()
    }
  })

  it('a bad rule stops the start with the rule and user named', async () => {
    const r = await runRedoubt([conf('bad.conf', ['port 0', 'user app on +nosuch'])])
    assert.notEqual(r.code, 0)
    assert.match(
      r.stdout + r.stderr,
      /Error loading ACL rule '\+nosuch' for the user named 'app': Unknown command or category name in ACL/,
    )
  })

  it('a user defined twice stops the start', async () => {
    const r = await runRedoubt([conf('dup.conf', ['port 0', 'user app on', 'user app off'])])
    assert.notEqual(r.code, 0)
    assert.match(
      r.stdout + r.stderr,
      /Error in user declaration 'app': Duplicate user found\. A user can only be defined once in config files/,
    )
  })

  it('CONFIG REWRITE writes every user as a user line, and the file starts again with them', async () => {
    const file = conf('rw.conf', ['user default on nopass ~* &* +@all'])
    let srv = await spawnRedoubt([file], { cwd: dir })
    let list: unknown
    try {
      const c = await RawClient.connect(srv.port)
      await c.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '~a*', '+get', '(~b +set)')
      assert.equal((await c.call('CONFIG', 'REWRITE')).toString('latin1'), '+OK\r\n')
      list = await c.callDecoded('ACL', 'LIST')
      await c.close()
    } finally {
      await srv.stop()
    }
    const text = readFileSync(file, 'latin1')
    for (const line of list as string[]) assert.ok(text.includes(`${line}\n`), line)
    srv = await spawnRedoubt([file], { cwd: dir })
    try {
      const c = await RawClient.connect(srv.port)
      assert.deepEqual(await c.callDecoded('ACL', 'LIST'), list)
      await c.close()
    } finally {
      await srv.stop()
    }
  })
})
