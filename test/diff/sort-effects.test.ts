/**
 * The side effects of SORT and SORT_RO, compared with redis-server command by command through
 * test/helpers/effects-harness.ts: 'sortstore' (with 'new') on a STORE, 'del' when an empty
 * result removes the target, the 'keymiss' events and hits/misses of BY and GET lookups,
 * WATCH signals, and the dirty counter.
 */

import { describe, it } from 'node:test'
import type { CommandClient } from '../../src/commands/context.js'
import { hashCommands } from '../../src/commands/hash.js'
import { listCommands } from '../../src/commands/list.js'
import { setCommands } from '../../src/commands/set.js'
import { sortCommands } from '../../src/commands/sort.js'
import { sortedSetCommands } from '../../src/commands/sorted-set.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { effectsDiff } from '../helpers/effects-harness.js'
import { redisServerSkip } from '../helpers/real-redis.js'

const skip = redisServerSkip()

/** SORT as run by a user with every permission (the harness client has no user of its own). */
function asUnrestricted(name: string): (c: CommandClient, argv: string[]) => void {
  const spec = sortCommands.find((s) => s.name === name)!
  return (c, argv) => {
    const cc = Object.create(c) as CommandClient
    Object.defineProperty(cc, 'user', { value: { unrestricted: true } })
    spec.handler!(cc, argv)
  }
}

describe('side effects of SORT', { skip }, () => {
  const diff = effectsDiff({
    families: [listCommands, setCommands, sortedSetCommands, hashCommands, stringSetCommands],
    standIns: { sort: asUnrestricted('sort'), sort_ro: asUnrestricted('sort_ro') },
  })

  it('STORE emits new and sortstore; an empty result deletes the target (del) or does nothing', async () => {
    await diff.compare([
      ['RPUSH', 'l', '3', '1', '2'],
      ['SORT', 'l', 'STORE', 'd'],
      ['SORT', 'l', 'STORE', 'd'],
      ['SORT', 'missing', 'STORE', 'd'],
      ['SORT', 'missing', 'STORE', 'd'],
      ['SORT', 'l', 'LIMIT', '5', '1', 'STORE', 'l'],
      ['SADD', 's', 'b', 'a'],
      ['SORT', 's', 'BY', 'nosort', 'STORE', 's'],
      ['SET', 'str', 'x'],
      ['SORT', 'str', 'STORE', 'd'],
      ['SORT', 'l', 'FOO', 'STORE', 'd'],
    ])
  })

  it('BY and GET lookups count hits and misses and emit keymiss', async () => {
    await diff.compare([
      // A list: Redis reads a sorted set for sorting in hash order, so its lookups (and their
      // keymiss events) come in an order only a list fixes.
      ['RPUSH', 'z2', 'a', 'b', 'c'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['SET', 'w_a', '3'],
      ['HSET', 'h_b', 'f', '1'],
      ['SORT', 'z2', 'BY', 'w_*', 'GET', '#', 'GET', 'h_*->f', 'GET', 'nostar'],
      ['SORT_RO', 'z2', 'BY', 'h_*->f', 'GET', 'w_*'],
      ['SORT', 'z2', 'BY', 'w_*', 'GET', 'h_*->f', 'STORE', 'dst'],
      ['SORT', 'missing', 'GET', 'w_*'],
      ['SORT', 'z', 'BY', 'nosort', 'GET', 'w_*', 'LIMIT', '0', '1'],
    ])
  })
})
