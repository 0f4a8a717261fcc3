/**
 * The aclfile against redis-server 7.0: both servers read the same file, so ACL LOAD replies
 * (which name the file and line) must be byte-equal; a bad file keeps the current users; a
 * file written by redoubt's ACL SAVE is loaded by redis-server with the same ACL LIST.
 */

import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { diffSuite } from '../helpers/diff.js'
import { RawClient } from '../helpers/raw-client.js'
import { redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { startRedoubt } from '../helpers/redoubt.js'

const HASH = '30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4'
const dir = mkdtempSync(join(tmpdir(), 'redoubt-aclfile-'))
const shared = join(dir, 'users.acl')
writeFileSync(shared, 'user default on nopass ~* &* +@all\n')
after(() => rmSync(dir, { recursive: true, force: true }))

const { diffScript } = diffSuite({ config: { aclfile: shared }, reset: [['FLUSHALL']] })

describe('aclfile against redis-server', () => {
  it('ACL LOAD of a valid file, then of bad files: same replies, users kept', async (t) => {
    const step = async (content: string | null, first = false): Promise<void> => {
      if (content !== null) writeFileSync(shared, content)
      await diffScript(
        t,
        [
          ['ACL', 'LOAD'],
          ['ACL', 'LIST'],
        ],
        first ? {} : { noReset: true },
      )
    }
    // Both servers start on the one-line file (redis-server refuses to start on a bad one).
    await step(null, true)
    await step(
      `user default on nopass ~* &* +@all\nuser alice on #${HASH} ~a* %R~r* &ch +get -@all +@read\n\n  user bob off  \r\n`,
    )
    await step(
      'user default on nopass ~* &* +@all\nuser bob on +nosuch\nfoo bar\nuser carl on %X~a >secret <nothere\n',
    )
    await step('user default on nopass ~* &* +@all\nuser  bob on\n')
    await step('user default on nopass ~* &* +@all\nuser bob on\nuser bob off\n')
    await step(`user default on nopass ~* &* +@all\nuser x on #${HASH.slice(1)} \n`)
    await step('user default on nopass ~* &* +@all\n')
  })
})

describe('ACL SAVE', () => {
  it('a file saved by redoubt loads in redis-server with the same ACL LIST', async (t) => {
    const skip = redisServerSkip()
    const own = join(dir, 'own.acl')
    writeFileSync(own, '')
    const server = await startRedoubt({ aclfile: own })
    const c = await RawClient.connect(server.port)
    try {
      for (const rules of [
        ['on', '>pw', '~a*', '%W~w:*', '&news', '+@all', '-flushall', '+select|0'],
        ['off', 'nopass', '-@all', '+get', '+config|get', '(~x +set)', '(%R~y &c* +@read -keys)'],
        ['on', `#${HASH}`, 'allkeys', 'allchannels', '-@all', '+@hash', '-hdel'],
      ]) {
        await c.call('ACL', 'SETUSER', `u${rules.length}`, ...rules)
      }
      assert.equal((await c.call('ACL', 'SAVE')).toString('latin1'), '+OK\r\n')
      const saved = readFileSync(own, 'latin1')
      const list = (await c.callDecoded('ACL', 'LIST')) as string[]
      assert.equal(saved, list.map((l) => `${l}\n`).join(''))
      assert.equal((await c.call('ACL', 'LOAD')).toString('latin1'), '+OK\r\n')
      assert.deepEqual(await c.callDecoded('ACL', 'LIST'), list)
      if (skip !== false) {
        t.skip(skip)
        return
      }
      const real = await startRealRedis(['--aclfile', own])
      try {
        const r = await RawClient.connect(real.port)
        const sortRules = (l: string): string => l.split(' ').sort().join(' ')
        const theirs = (await r.callDecoded('ACL', 'LIST')) as string[]
        assert.deepEqual(theirs.map(sortRules), list.map(sortRules))
        await r.close()
      } finally {
        await real.stop()
      }
    } finally {
      await c.close()
      await server.close()
    }
  })
})
