/**
 * The side effects of the list commands (and the non-blocking paths of the blocking ones),
 * compared with redis-server command by command through test/helpers/effects-harness.ts:
 * keyspace events (lpush, rpush, lpop, rpop, linsert, lset, lrem, ltrim, 'new', 'del',
 * 'keymiss') in Redis's order, the WATCH signals that go with them, keyspace hits and misses,
 * and the dirty counter.
 */

import { describe, it } from 'node:test'
import { listCommands } from '../../src/commands/list.js'
import { listBlockingCommands } from '../../src/commands/list-blocking.js'
import { listMoveCommands } from '../../src/commands/list-move.js'
import { listRangeCommands } from '../../src/commands/list-range.js'
import { sortedSetCommands } from '../../src/commands/sorted-set.js'
import { sortedSetBlockingCommands } from '../../src/commands/sorted-set-blocking.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { effectsDiff } from '../helpers/effects-harness.js'
import { redisServerSkip } from '../helpers/real-redis.js'

const skip = redisServerSkip()

describe('side effects of list commands', { skip }, () => {
  const diff = effectsDiff({
    families: [
      listCommands,
      listRangeCommands,
      listMoveCommands,
      listBlockingCommands,
      sortedSetCommands,
      sortedSetBlockingCommands,
      stringSetCommands,
    ],
  })

  it('pushes emit new then lpush/rpush once per call; X variants on a missing key emit nothing', async () => {
    await diff.compare([
      ['LPUSH', 'l', 'a', 'b'],
      ['RPUSH', 'l', 'c'],
      ['LPUSHX', 'l', 'd'],
      ['RPUSHX', 'l', 'e', 'f'],
      ['LPUSHX', 'missing', 'a'],
      ['RPUSHX', 'missing', 'a'],
      ['SET', 's', 'v'],
      ['LPUSH', 's', 'a'],
      ['LLEN', 'l'],
      ['LLEN', 'missing'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'missing', '0', '-1'],
      ['LINDEX', 'l', '1'],
      ['LINDEX', 'missing', '1'],
      ['LPOS', 'l', 'c'],
      ['LPOS', 'missing', 'c'],
    ])
  })

  it('pops emit lpop/rpop, then del when they empty the list; counts of 0 emit nothing', async () => {
    await diff.compare([
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
      ['LPOP', 'l'],
      ['RPOP', 'l', '2'],
      ['LPOP', 'l', '0'],
      ['LPOP', 'missing'],
      ['RPOP', 'missing', '3'],
      ['RPOP', 'l', '5'],
      ['RPUSH', 'l', 'x'],
      ['LPOP', 'l'],
      ['RPUSH', 'm', '1', '2', '3'],
      ['LMPOP', '2', 'missing', 'm', 'LEFT', 'COUNT', '2'],
      ['LMPOP', '1', 'm', 'RIGHT'],
      ['LMPOP', '1', 'm', 'RIGHT'],
      ['RPUSH', 'b', '1', '2'],
      ['BLPOP', 'missing', 'b', '0'],
      ['BRPOP', 'b', '0'],
      ['RPUSH', 'b', '1', '2'],
      ['BLMPOP', '0', '1', 'b', 'LEFT', 'COUNT', '5'],
    ])
  })

  it('LSET, LINSERT, LREM and LTRIM emit their events only when they change the list', async () => {
    await diff.compare([
      ['RPUSH', 'l', 'a', 'b', 'a', 'c'],
      ['LSET', 'l', '0', 'x'],
      ['LSET', 'l', '9', 'x'],
      ['LSET', 'missing', '0', 'x'],
      ['LINSERT', 'l', 'BEFORE', 'b', 'y'],
      ['LINSERT', 'l', 'AFTER', 'nope', 'y'],
      ['LINSERT', 'missing', 'AFTER', 'b', 'y'],
      ['LREM', 'l', '0', 'nope'],
      ['LREM', 'l', '1', 'a'],
      ['LREM', 'missing', '1', 'a'],
      ['LTRIM', 'l', '0', '-1'],
      ['LTRIM', 'l', '1', '2'],
      ['LTRIM', 'missing', '0', '1'],
      ['LTRIM', 'l', '5', '1'],
      ['RPUSH', 'r', 'a', 'a'],
      ['LREM', 'r', '0', 'a'],
    ])
  })

  it('LMOVE and RPOPLPUSH: the destination push (with new) comes before the source pop (and del)', async () => {
    await diff.compare([
      ['RPUSH', 'src', 'a', 'b'],
      ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'src', 'dst'],
      ['LMOVE', 'dst', 'dst', 'LEFT', 'LEFT'],
      ['LMOVE', 'missing', 'dst', 'LEFT', 'LEFT'],
      ['RPUSH', 'one', 'x'],
      ['LMOVE', 'one', 'one', 'RIGHT', 'LEFT'],
      ['BLMOVE', 'dst', 'third', 'RIGHT', 'LEFT', '0'],
      ['BRPOPLPUSH', 'dst', 'third', '0'],
    ])
  })

  it('BZPOPMIN, BZPOPMAX and BZMPOP on non-empty sets emit zpopmin/zpopmax and del', async () => {
    await diff.compare([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['BZPOPMIN', 'missing', 'z', '0'],
      ['BZPOPMAX', 'z', '0'],
      ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '3'],
    ])
  })
})
