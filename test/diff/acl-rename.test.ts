/**
 * ACL rules and rename-command against redis-server 7.0: rules name commands by their
 * original names ('+get' after rename-command GET G2, '+flushall' after renaming it away, and
 * '+g2' is unknown), while ACL DRYRUN looks the command up by its current name.
 */

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { type RealRedis, redisServerSkip, startRealRedis } from '../helpers/real-redis.js'
import { type SpawnedRedoubt, spawnRedoubt } from '../helpers/redoubt.js'

const RENAMES = ['--rename-command', 'GET', 'G2', '--rename-command', 'FLUSHALL', '']
const skip = redisServerSkip()
let real: RealRedis | null = null
let mine: SpawnedRedoubt | null = null

before(async () => {
  if (skip !== false) return
  real = await startRealRedis(RENAMES)
  mine = await spawnRedoubt(['--save', '', '--appendonly', 'no', ...RENAMES])
})

after(async () => {
  await real?.stop()
  await mine?.stop()
})

const SCRIPT: string[][] = [
  ['ACL', 'SETUSER', 'x', 'on', 'nopass', '+get', '+flushall', '~*'],
  ['ACL', 'SETUSER', 'x', '+g2'],
  ['ACL', 'SETUSER', 'y', 'on', 'nopass', '-@all', '+@read', '~k*'],
  ['ACL', 'LIST'],
  ['ACL', 'DRYRUN', 'x', 'g2', 'k'],
  ['ACL', 'DRYRUN', 'x', 'get', 'k'],
  ['ACL', 'DRYRUN', 'y', 'g2', 'k1'],
  ['ACL', 'DRYRUN', 'y', 'g2', 'z'],
  ['AUTH', 'y', 'x'],
  ['G2', 'k1'],
  ['G2', 'z'],
  ['GET', 'k1'],
]

describe('ACL with rename-command, against redis-server', () => {
  it('rules use original names, DRYRUN and dispatch the current ones', { skip }, async () => {
    const run = async (port: number): Promise<string[]> => {
      const c = await RawClient.connect(port)
      const out: string[] = []
      for (const argv of SCRIPT) {
        const reply = (await c.call(...argv)).toString('latin1')
        // ACL LIST: single-command rules come in Redis's hash-table order, compared as sets.
        const sorted = reply.split('\r\n').map((l) => l.split(' ').sort().join(' '))
        out.push(argv[1] === 'LIST' ? sorted.join('\r\n') : reply)
      }
      await c.close()
      return out
    }
    assert.deepEqual(await run(mine!.port), await run(real!.port))
  })
})
