/**
 * The side effects of the string and bitmap commands, compared with redis-server command by
 * command through the shared harness (test/helpers/effects-harness.ts: keyspace events with
 * their classes, WATCH signals, hits, misses and dirty), and WRONGTYPE replies against values
 * of other types (a stand-in RPUSH makes list keys).
 */

import { describe, it } from 'node:test'
import { bitmapCommands } from '../../src/commands/bitmap.js'
import { bitfieldCommands } from '../../src/commands/bitmap-bitfield.js'
import type { CommandClient } from '../../src/commands/context.js'
import { stringCommands } from '../../src/commands/string.js'
import { stringCounterCommands } from '../../src/commands/string-counter.js'
import { stringLcsCommands } from '../../src/commands/string-lcs.js'
import { stringRangeCommands } from '../../src/commands/string-range.js'
import { stringSetCommands } from '../../src/commands/string-set.js'
import type { StoredObject } from '../../src/store/value.js'
import { effectsDiff } from '../helpers/effects-harness.js'
import { createPrng, type Prng } from '../helpers/prng.js'
import { redisServerSkip } from '../helpers/real-redis.js'

const skip = redisServerSkip()

/** A value of another type than string, standing in for a list until redoubt has lists. */
class FakeList implements StoredObject {
  readonly typeName = 'list' as const
  length = 0
  encoding(): string {
    return 'listpack'
  }
  clone(): FakeList {
    return new FakeList()
  }
  estimateBytes(): number {
    return 16
  }
}

/** RPUSH of one element as redis-server does it: dbAdd when missing, then the push event. */
function rpushStandIn(c: CommandClient, argv: string[]): void {
  const db = c.db
  const key = argv[1]!
  let list = db.lookup(key)
  if (list === undefined) {
    list = new FakeList()
    db.set(key, list)
    db.notify('n', 'new', key)
  }
  if (!(list instanceof FakeList)) {
    c.w.error('WRONGTYPE Operation against a key holding the wrong kind of value')
  } else {
    list.length++
    db.modified(key)
    db.notify('l', 'rpush', key)
    c.srv.keyspace.dirty++
    c.w.integer(list.length)
  }
}

describe('side effects of string and bitmap commands', { skip }, () => {
  const diff = effectsDiff({
    families: [
      stringCommands,
      stringSetCommands,
      stringCounterCommands,
      stringRangeCommands,
      stringLcsCommands,
      bitmapCommands,
      bitfieldCommands,
    ],
    standIns: { rpush: rpushStandIn },
  })

  it('string writes emit Redis’s events and signals, and only when they change something', async () => {
    await diff.compare([
      ['SET', 'a', '1'],
      ['SET', 'a', '2', 'XX', 'GET'],
      ['SET', 'a', '3', 'NX'],
      ['SET', 'b', 'v', 'EX', '100'],
      ['SET', 'b', 'v', 'EX', '0'],
      ['SET', 'c', 'v', 'EXAT', '1'],
      ['GET', 'c'],
      ['SETNX', 'a', 'x'],
      ['SETNX', 'd', 'x'],
      ['SETEX', 'e', '100', 'v'],
      ['PSETEX', 'e', '100000', 'v'],
      ['MSET', 'a', '1', 'f', '2'],
      ['MSETNX', 'a', '1', 'g', '2'],
      ['MSETNX', 'g', '1', 'h', '2'],
      ['GETSET', 'a', 'z'],
      ['GETSET', 'i', 'z'],
      ['GETDEL', 'i'],
      ['GETDEL', 'i'],
      ['GETEX', 'a'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'EX', '100'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'EXAT', '1'],
      ['GETEX', 'missing', 'EX', '100'],
      ['APPEND', 'j', 'x'],
      ['APPEND', 'j', ''],
      ['STRLEN', 'j'],
      ['STRLEN', 'missing'],
      ['MGET', 'j', 'missing', 'f'],
      ['INCR', 'k'],
      ['INCRBY', 'k', '5'],
      ['DECRBY', 'k', 'x'],
      ['INCR', 'j'],
      ['INCRBYFLOAT', 'k', '1.5'],
      ['INCRBYFLOAT', 'l', '1'],
      ['INCRBYFLOAT', 'k', 'inf'],
      ['SETRANGE', 'm', '0', ''],
      ['SETRANGE', 'm', '2', 'x'],
      ['SETRANGE', 'm', '0', ''],
      ['SETRANGE', 'm', '300', 'x'],
      ['GETRANGE', 'm', '0', '2'],
      ['GETRANGE', 'missing', '0', '2'],
      ['LCS', 'm', 'missing'],
      ['LCS', 'm', 'j', 'LEN'],
    ])
  })

  it('bitmap writes emit Redis’s events and signals', async () => {
    await diff.compare([
      ['SETBIT', 'a', '7', '1'],
      ['SETBIT', 'a', '7', '1'],
      ['SETBIT', 'a', '3000', '1'],
      ['SETBIT', 'a', '-1', '1'],
      ['GETBIT', 'a', '7'],
      ['GETBIT', 'missing', '7'],
      ['BITCOUNT', 'a'],
      ['BITCOUNT', 'missing'],
      ['BITPOS', 'a', '1'],
      ['BITPOS', 'missing', '1'],
      ['BITOP', 'OR', 'b', 'a', 'missing'],
      ['BITOP', 'AND', 'b', 'missing'],
      ['BITOP', 'AND', 'b', 'missing'],
      ['BITOP', 'NOT', 'c', 'a'],
      ['BITFIELD', 'd', 'GET', 'u8', '0'],
      ['BITFIELD', 'd', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '256'],
      ['BITFIELD', 'd', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD', 'missing2', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'd', 'GET', 'u8', '0'],
      ['BITFIELD', 'd', 'SET', 'u99', '0', '1'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['BITOP', 'AND', 'e', 'missing'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['BITOP', 'OR', 'e', 'a'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['SETBIT', 'e', '1', '1'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['MSETNX', 'e', '1'],
      ['SET', 'e', 'v', 'PXAT', '1'],
      ['GETDEL', 'e'],
    ])
  })

  it('every command answers WRONGTYPE for another type and changes nothing', async () => {
    const script: string[][] = [['RPUSH', 'lk', 'x']]
    const uses = [
      ['GET'],
      ['SET', 'v', 'GET'],
      ['SET', 'v', 'NX'],
      ['SETNX', 'v'],
      ['GETSET', 'v'],
      ['GETDEL'],
      ['GETEX'],
      ['GETEX', 'EX', '0'],
      ['APPEND', 'x'],
      ['STRLEN'],
      ['INCR'],
      ['DECR'],
      ['INCRBY', '2'],
      ['DECRBY', '2'],
      ['INCRBYFLOAT', '1.5'],
      ['GETRANGE', '0', '-1'],
      ['SUBSTR', '0', '-1'],
      ['SETRANGE', '0', 'x'],
      ['SETRANGE', '0', ''],
      ['SETRANGE', '-1', 'x'],
      ['SETBIT', '0', '1'],
      ['GETBIT', '0'],
      ['BITCOUNT'],
      ['BITCOUNT', 'x', 'y'],
      ['BITPOS', '1'],
      ['BITPOS', '2'],
      ['BITFIELD', 'GET', 'u8', '0'],
      ['BITFIELD', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'GET', 'u8', '0'],
    ]
    for (const [cmd, ...rest] of uses) script.push([cmd!, 'lk', ...rest])
    script.push(
      ['MGET', 'lk', 'other'],
      ['MSETNX', 'lk', 'v', 'other', 'v'],
      ['LCS', 'lk', 'other'],
      ['LCS', 'other', 'lk', 'LEN'],
      ['BITOP', 'AND', 'd', 'missing', 'lk'],
      ['BITOP', 'AND', 'lk', 'missing'],
      ['RPUSH', 'lk2', 'x'],
      ['SET', 's', 'x'],
      ['BITOP', 'OR', 'lk2', 's'],
      ['GET', 'lk2'],
      ['RPUSH', 'lk3', 'x'],
      ['MSET', 'lk3', 'v'],
      ['GET', 'lk3'],
      ['RPUSH', 'lk4', 'x'],
      ['SET', 'lk4', 'v', 'XX'],
      ['GET', 'lk4'],
    )
    await diff.compare(script)
  })

  it('a seeded random sequence has the same side effects step by step', async () => {
    const rng = createPrng(90210)
    const script: string[][] = []
    for (let i = 0; i < 600; i++) script.push(randomStep(rng))
    await diff.compare(script)
  })
})

const KEYS = ['a', 'b', 'c']

function randomStep(rng: Prng): string[] {
  const k = rng.pick(KEYS)
  const v = rng.pick(['1', '-7', '2.5', 'abc', '', '9223372036854775807'])
  const n = String(rng.range(-10, 40))
  switch (rng.int(20)) {
    case 0:
      return [
        'SET',
        k,
        v,
        ...rng.pick([[], ['NX'], ['XX', 'GET'], ['EX', '100'], ['PXAT', '1'], ['KEEPTTL']]),
      ]
    case 1:
      return ['GET', k]
    case 2:
      return ['APPEND', k, v]
    case 3:
      return ['INCRBY', k, rng.pick([n, v])]
    case 4:
      return ['INCRBYFLOAT', k, rng.pick([n, v])]
    case 5:
      return ['SETRANGE', k, String(rng.int(10)), rng.pick([v, ''])]
    case 6:
      return ['GETEX', k, ...rng.pick([[], ['PERSIST'], ['EX', '100'], ['EXAT', '1']])]
    case 7:
      return ['GETDEL', k]
    case 8:
      return ['GETSET', k, v]
    case 9:
      return ['MSETNX', k, v, rng.pick(KEYS), v]
    case 10:
      return ['SETBIT', k, String(rng.int(64)), String(rng.int(2))]
    case 11:
      return ['BITOP', rng.pick(['AND', 'OR', 'XOR']), k, rng.pick(KEYS), rng.pick([...KEYS, 'missing'])]
    case 12:
      return ['BITFIELD', k, 'OVERFLOW', rng.pick(['WRAP', 'SAT', 'FAIL']), 'INCRBY', 'i8', n, n]
    case 13:
      return ['RPUSH', rng.pick(['l1', 'l2']), 'x']
    case 14:
      return ['MGET', k, 'l1', rng.pick(KEYS)]
    case 15:
      return ['BITCOUNT', k, ...rng.pick([[], [n, '-1']])]
    case 16:
      return ['SETNX', k, v]
    case 17:
      return ['STRLEN', rng.pick([...KEYS, 'l1'])]
    case 18:
      return ['LCS', k, rng.pick(KEYS)]
    default:
      return ['MSET', k, v]
  }
}
