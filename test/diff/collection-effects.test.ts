/**
 * The side effects of the hash and set commands, compared with redis-server command by
 * command through the shared harness (test/helpers/effects-harness.ts): keyspace events in
 * order with their classes, WATCH signals, keyspace hits and misses, and the dirty counter,
 * with Redis 7.0's default encoding thresholds. Only commands whose effects do not depend on
 * chance are used.
 */

import { describe, it } from 'node:test'
import { expireCommands } from '../../src/commands/generic-expire.js'
import { hashCommands } from '../../src/commands/hash.js'
import { setCommands } from '../../src/commands/set.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { effectsDiff } from '../helpers/effects-harness.js'
import { redisServerSkip } from '../helpers/real-redis.js'

const skip = redisServerSkip()

describe('side effects of hash and set commands', { skip }, () => {
  const diff = effectsDiff({ families: [hashCommands, setCommands, stringSetCommands, expireCommands] })

  it('hash writes emit hset, hdel, hincrby(float) and del exactly where Redis does', async () => {
    await diff.compare([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSET', 'h', 'a', '1'],
      ['HMSET', 'h', 'c', '3', 'c', '4'],
      ['HSETNX', 'h', 'a', 'x'],
      ['HSETNX', 'h', 'd', 'x'],
      ['HSETNX', 'n', 'a', 'x'],
      ['HDEL', 'h', 'zz'],
      ['HDEL', 'h', 'a', 'a', 'zz'],
      ['HDEL', 'missing', 'a'],
      ['HINCRBY', 'h', 'i', '5'],
      ['HINCRBY', 'h', 'c', 'x'],
      ['HINCRBY', 'h', 'd', '1'],
      ['HINCRBY', 'h', 'i', '9223372036854775807'],
      ['HINCRBY', 'new1', 'i', '1'],
      ['HINCRBYFLOAT', 'h', 'f', '1.5'],
      ['HINCRBYFLOAT', 'h', 'd', '1'],
      ['HINCRBYFLOAT', 'new2', 'f', 'inf'],
      ['HINCRBYFLOAT', 'new2', 'f', 'x'],
      ['HINCRBYFLOAT', 'new3', 'f', '2'],
      ['HDEL', 'n', 'a'],
      ['HDEL', 'h', 'b', 'c', 'd', 'i', 'f', 'never'],
      ['HGET', 'h', 'a'],
      ['HGET', 'new1', 'i'],
      ['HMGET', 'new1', 'i', 'x'],
      ['HMGET', 'missing', 'i'],
      ['HGETALL', 'new1'],
      ['HKEYS', 'missing'],
      ['HVALS', 'new3'],
      ['HEXISTS', 'new1', 'i'],
      ['HLEN', 'missing'],
      ['HSTRLEN', 'new1', 'i'],
      ['HRANDFIELD', 'missing'],
      ['HRANDFIELD', 'new1', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'missing', '5'],
      ['HSCAN', 'new1', '0'],
      ['HSCAN', 'missing', '0'],
      ['SET', 's', 'v'],
      ['HSET', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HINCRBY', 's', 'a', '1'],
    ])
  })

  it('set writes emit sadd, srem, spop, the STORE events and del exactly where Redis does', async () => {
    await diff.compare([
      ['SADD', 's', '1', '2', '3'],
      ['SADD', 's', '1'],
      ['SADD', 's', 'x', 'x'],
      ['SREM', 's', 'zz'],
      ['SREM', 's', 'x', '9'],
      ['SREM', 'missing', 'a'],
      ['SMOVE', 's', 't', '1'],
      ['SMOVE', 's', 't', '1'],
      ['SADD', 't', '2'],
      ['SMOVE', 's', 't', '2'],
      ['SMOVE', 't', 't', '2'],
      ['SMOVE', 'missing', 't', '2'],
      ['SMOVE', 's', 'u', '3'],
      ['SCARD', 's'],
      ['SADD', 'a', '1', '2', '3'],
      ['SADD', 'b', '2', '3', '4'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['SINTERSTORE', 'd', 'a', 'missing'],
      ['SINTERSTORE', 'd', 'a', 'missing'],
      ['SUNIONSTORE', 'd', 'a', 'b'],
      ['SUNIONSTORE', 'd', 'missing'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
      ['SADD', 'e', '1'],
      ['SINTERSTORE', 'e', 'a', 'b'],
      ['SINTER', 'a', 'b', 'missing'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SUNION', 'a', 'missing'],
      ['SDIFF', 'missing', 'a'],
      ['SMEMBERS', 'a'],
      ['SISMEMBER', 'missing', '1'],
      ['SMISMEMBER', 'a', '1'],
      ['SCARD', 'a'],
      ['SSCAN', 'a', '0'],
      ['SRANDMEMBER', 'a', '10'],
      ['SRANDMEMBER', 'missing'],
      ['SPOP', 'missing'],
      ['SPOP', 'missing', '3'],
      ['SPOP', 'a', '0'],
      ['SPOP', 'a', '10'],
      ['SADD', 'one', 'x'],
      ['SPOP', 'one'],
      ['SADD', 'one', 'x'],
      ['SPOP', 'one', '1'],
      ['SET', 'str', 'v'],
      ['SADD', 'str', '1'],
      ['SMOVE', 'b', 'str', '2'],
      ['SINTERSTORE', 'str', 'b'],
      ['SUNIONSTORE', 'x', 'str'],
    ])
  })

  it('an expired hash or set reads as missing and is deleted with an expired event', async () => {
    await diff.compare([
      ['HSET', 'h', 'a', '1'],
      ['PEXPIREAT', 'h', '1'],
      ['HGET', 'h', 'a'],
      ['HSET', 'h2', 'a', '1'],
      ['PEXPIREAT', 'h2', '1'],
      ['HSET', 'h2', 'b', '2'],
      ['SADD', 's', '1'],
      ['PEXPIREAT', 's', '1'],
      ['SCARD', 's'],
      ['SADD', 's2', '1'],
      ['PEXPIREAT', 's2', '1'],
      ['SADD', 'src', '1'],
      ['SMOVE', 'src', 's2', '1'],
      ['SADD', 'a', '1', '2'],
      ['SADD', 'dst', '7'],
      ['PEXPIREAT', 'dst', '4102444800000'],
      ['SUNIONSTORE', 'dst', 'a'],
      ['PEXPIRETIME', 'dst'],
    ])
  })
})
