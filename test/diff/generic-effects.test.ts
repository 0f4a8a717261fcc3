/**
 * The side effects of the generic (keyspace) commands, compared with redis-server command by
 * command through the shared harness (test/helpers/effects-harness.ts): keyspace events on
 * every database (including 'new', 'del' for an EXPIRE into the past, 'expired' and
 * 'keymiss'), WATCH signals, keyspace hits and misses, and the dirty counter. SELECT switches
 * databases on both sides; SLEEP steps let keys set with PX expire.
 */

import { describe, it } from 'node:test'
import { genericCommands } from '../../src/commands/generic.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import { effectsDiff } from '../helpers/effects-harness.js'
import { redisServerSkip } from '../helpers/real-redis.js'

const skip = redisServerSkip()

describe('side effects of generic commands', { skip }, () => {
  const diff = effectsDiff({ families: [genericCommands, stringSetCommands] })

  it('DEL, EXISTS, TOUCH, TYPE, RENAME, MOVE and COPY emit Redis’s events, signals and counters', async () => {
    await diff.compare([
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['EXISTS', 'a', 'missing', 'a'],
      ['TOUCH', 'a', 'missing'],
      ['TYPE', 'a'],
      ['TYPE', 'missing'],
      ['DEL', 'a', 'missing'],
      ['UNLINK', 'b'],
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'b'],
      ['RENAME', 'b', 'b'],
      ['RENAME', 'missing', 'x'],
      ['SET', 'c', '3'],
      ['RENAME', 'c', 'b'],
      ['RENAMENX', 'b', 'b'],
      ['SET', 'd', '4'],
      ['RENAMENX', 'd', 'b'],
      ['RENAMENX', 'd', 'e'],
      ['MOVE', 'e', '1'],
      ['MOVE', 'missing', '1'],
      ['SET', 'e', '5'],
      ['MOVE', 'e', '1'],
      ['COPY', 'b', 'f'],
      ['COPY', 'missing', 'f'],
      ['COPY', 'b', 'f'],
      ['COPY', 'b', 'f', 'REPLACE'],
      ['COPY', 'b', 'g', 'DB', '2'],
      ['SELECT', '2'],
      ['EXISTS', 'g'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['KEYS', 'zzz*'],
      ['SCAN', '0', 'COUNT', '100', 'MATCH', 'zzz'],
      ['SCAN', '0', 'COUNT', '100', 'TYPE', 'list'],
      ['OBJECT', 'ENCODING', 'b'],
      ['OBJECT', 'ENCODING', 'missing'],
      ['OBJECT', 'REFCOUNT', 'b'],
      ['SWAPDB', '0', '1'],
      ['FLUSHDB'],
      ['FLUSHALL'],
      ['RANDOMKEY'],
      ['SET', 'only', 'v'],
      ['RANDOMKEY'],
      ['FLUSHALL'],
    ])
  })

  it('EXPIRE into the past deletes with a del event; expiry setters and getters count as Redis', async () => {
    await diff.compare([
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100'],
      ['EXPIRE', 'k', '100', 'NX'],
      ['PEXPIRE', 'k', '100000', 'XX'],
      ['EXPIREAT', 'k', '4102444800'],
      ['PEXPIREAT', 'k', '4102444800000', 'GT'],
      ['TTL', 'k'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'missing'],
      ['PERSIST', 'k'],
      ['PERSIST', 'k'],
      ['PERSIST', 'missing'],
      ['EXPIRE', 'missing', '100'],
      ['EXPIRE', 'k', '-1'],
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', '1', 'NX'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '0', 'GT'],
      ['EXPIRE', 'k', 'abc'],
      ['EXPIRE', 'k', '100', 'NX', 'XX'],
    ])
  })

  it('commands meeting a logically expired key expire it first, with its events', async () => {
    const expiring = (key: string): string[][] => [['SET', key, 'v', 'PX', '1']]
    await diff.compare([
      ...expiring('a'),
      ...expiring('b'),
      ...expiring('c'),
      ...expiring('d'),
      ...expiring('e'),
      ...expiring('f'),
      ...expiring('g'),
      ...expiring('h'),
      ...expiring('i'),
      ...expiring('j'),
      ['SET', 'live', 'v'],
      ['SLEEP', '20'],
      ['EXISTS', 'a'],
      ['DEL', 'b'],
      ['TTL', 'c'],
      ['RENAME', 'd', 'x'],
      ['COPY', 'e', 'x'],
      ['MOVE', 'f', '1'],
      ['EXPIRE', 'g', '100'],
      ['OBJECT', 'ENCODING', 'h'],
      ['SCAN', '0', 'COUNT', '100', 'TYPE', 'string'],
      ['DBSIZE'],
    ])
  })
})
