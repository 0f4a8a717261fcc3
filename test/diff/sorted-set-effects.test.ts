/**
 * The side effects of the sorted-set commands, compared with redis-server command by command
 * through the shared harness (test/helpers/effects-harness.ts): keyspace events (zadd, zincr,
 * zrem, zremrangeby*, zpopmin/zpopmax, z*store, zrangestore, plus 'new', 'del' and 'keymiss')
 * with their classes, WATCH signals, keyspace hits and misses, and the dirty counter.
 * ZRANDMEMBER's reply depends on chance: only its type is compared.
 */

import { describe, it } from 'node:test'
import { setCommands } from '../../src/commands/set.js'
import { sortedSetCommands } from '../../src/commands/sorted-set.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { effectsDiff } from '../helpers/effects-harness.js'
import { redisServerSkip } from '../helpers/real-redis.js'

const skip = redisServerSkip()

describe('side effects of sorted-set commands', { skip }, () => {
  const diff = effectsDiff({
    families: [sortedSetCommands, stringSetCommands, setCommands],
    randomReplies: ['ZRANDMEMBER'],
  })

  it('ZADD, ZINCRBY and ZREM emit zadd/zincr/zrem (after new, before del) only when they change something', async () => {
    await diff.compare([
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'NX', '5', 'a'],
      ['ZADD', 'z', 'XX', '5', 'a', '1', 'c'],
      ['ZADD', 'z', 'GT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a'],
      ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', '0', 'a'],
      ['ZADD', 'missing', 'XX', '1', 'a'],
      ['ZINCRBY', 'z', '2', 'b'],
      ['ZINCRBY', 'new', '2', 'b'],
      ['ZADD', 'z', 'INCR', 'inf', 'q'],
      ['ZADD', 'z', 'INCR', '-inf', 'q'],
      ['ZADD', 'z', 'x', 'a'],
      ['ZREM', 'z', 'nope'],
      ['ZREM', 'z', 'a', 'nope'],
      ['ZREM', 'z', 'b', 'q', 'c'],
      ['ZREM', 'missing', 'a'],
      ['SET', 'str', 'v'],
      ['ZADD', 'str', '1', 'a'],
      ['ZCARD', 'z'],
      ['ZCARD', 'new'],
      ['ZSCORE', 'new', 'b'],
      ['ZSCORE', 'missing', 'b'],
      ['ZMSCORE', 'new', 'b', 'c'],
      ['ZMSCORE', 'missing', 'b'],
      ['ZRANK', 'new', 'b'],
      ['ZREVRANK', 'missing', 'b'],
      ['ZCOUNT', 'new', '-inf', '+inf'],
      ['ZLEXCOUNT', 'missing', '-', '+'],
      ['ZSCAN', 'new', '0'],
      ['ZSCAN', 'missing', '0'],
      ['ZRANDMEMBER', 'new'],
      ['ZRANDMEMBER', 'missing', '3'],
    ])
  })

  it('range commands: zremrangeby*, zrangestore, and reads counted as hits and misses', async () => {
    await diff.compare([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZRANGE', 'z', '0', '-1'],
      ['ZRANGE', 'missing', '0', '-1'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf'],
      ['ZREVRANGEBYLEX', 'missing', '+', '-'],
      ['ZRANGESTORE', 'dst', 'z', '0', '1'],
      ['ZRANGESTORE', 'dst', 'z', '2', '3'],
      ['ZRANGESTORE', 'dst', 'z', '10', '20'],
      ['ZRANGESTORE', 'dst', 'missing', '0', '-1'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'],
      ['ZREMRANGEBYRANK', 'z', '10', '20'],
      ['ZREMRANGEBYSCORE', 'z', '(2', '3'],
      ['ZREMRANGEBYSCORE', 'z', '100', '200'],
      ['ZREMRANGEBYLEX', 'z', '[e', '[e'],
      ['ZREMRANGEBYRANK', 'z', '0', '-1'],
      ['ZREMRANGEBYRANK', 'missing', '0', '-1'],
      ['ZADD', 'l', '0', 'a', '0', 'b'],
      ['ZREMRANGEBYLEX', 'l', '-', '+'],
      ['ZADD', 's', '0', 'a'],
      ['ZREMRANGEBYSCORE', 's', '-inf', '+inf'],
    ])
  })

  it('pops emit zpopmin/zpopmax once per call and del when they empty the key', async () => {
    await diff.compare([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '2'],
      ['ZPOPMIN', 'z', '0'],
      ['ZPOPMIN', 'missing'],
      ['ZPOPMAX', 'z', '5'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZMPOP', '2', 'missing', 'z', 'MAX', 'COUNT', '1'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '10'],
      ['ZMPOP', '1', 'z', 'MIN'],
    ])
  })

  it('set operations emit z*store, or del for an empty result that removes the destination', async () => {
    await diff.compare([
      ['ZADD', 'a', '1', 'x', '2', 'y'],
      ['ZADD', 'b', '3', 'y', '4', 'z'],
      ['SADD', 'set', 'x', 'w'],
      ['ZUNION', '3', 'a', 'b', 'missing'],
      ['ZINTER', '2', 'a', 'set'],
      ['ZDIFF', '2', 'a', 'b'],
      ['ZINTERCARD', '2', 'a', 'missing'],
      ['ZUNIONSTORE', 'u', '2', 'a', 'b'],
      ['ZUNIONSTORE', 'u', '2', 'a', 'b'],
      ['ZINTERSTORE', 'i', '2', 'a', 'b'],
      ['ZINTERSTORE', 'i', '2', 'a', 'missing'],
      ['ZINTERSTORE', 'i', '2', 'a', 'missing'],
      ['ZDIFFSTORE', 'd', '2', 'a', 'set'],
      ['ZDIFFSTORE', 'd', '2', 'a', 'a'],
      ['ZUNIONSTORE', 'a', '1', 'b'],
    ])
  })
})
