/**
 * Set commands that draw random members: SPOP (one, or a count: the whole set, a member at
 * a time, or, when few members remain, by building the remainder as a new set as Redis 7.0
 * does) and SRANDMEMBER (repeats for a negative count, the whole set when the count covers
 * it, a random subset otherwise). See https://redis.io/commands/spop/ and /srandmember/
 */

import { ERR_MUST_BE_POSITIVE, ERR_SYNTAX } from '../protocol/reply-errors.js'
import { SetValue } from '../store/types/set.js'
import { parseInt64 } from '../util/strict-int.js'
import {
  BoundedReply,
  MIN_BULK_BYTES,
  maxIntsetEntries,
  parseSampleCount,
  readTyped,
  samplePositions,
  writeTyped,
} from './collection-helpers.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'
import { firstKey, lookupRead } from './string-access.js'

/** SPOP with a count pops one at a time while remaining * 5 > count (SPOP_MOVE_STRATEGY_MUL). */
const SPOP_MOVE_STRATEGY_MUL = 5

function spopCommand(c: CommandClient, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv)
    return
  }
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const key = argv[1]!
  const set = writeTyped(c, key, SetValue)
  if (set === null) return
  if (set === undefined) {
    c.w.nullBulk()
    return
  }
  const member = set.randomMember(Math.random)
  set.remove(member)
  c.db.notify('s', 'spop', key)
  c.w.bulk(member)
  if (set.size === 0) {
    c.db.delete(key)
    c.db.notify('g', 'del', key)
  }
  c.db.modified(key)
  c.srv.keyspace.dirty++
}

function spopWithCount(c: CommandClient, argv: string[]): void {
  // getPositiveLongFromObjectOrReply: one message for non-integers and negatives alike.
  const l = parseInt64(argv[2]!)
  if (l === null || l < 0n) {
    c.w.error(ERR_MUST_BE_POSITIVE)
    return
  }
  const key = argv[1]!
  const set = writeTyped(c, key, SetValue)
  if (set === null) return
  const w = c.w
  if (set === undefined || l === 0n) {
    w.setHeader(0)
    return
  }
  const size = set.size
  c.db.notify('s', 'spop', key)
  if (l >= BigInt(size)) {
    // The whole set, replied as SUNION of the key alone would (a rebuilt set: ascending when it
    // fits an intset), then the key is deleted.
    c.srv.keyspace.dirty += size
    lookupRead(c, key)
    const all = new SetValue()
    const max = maxIntsetEntries(c)
    for (const m of set.values()) all.add(m, max)
    w.setHeader(all.size)
    for (const m of all.values()) w.bulk(m)
    c.db.delete(key)
    c.db.notify('g', 'del', key)
    c.db.modified(key)
    return
  }
  const count = Number(l)
  c.srv.keyspace.dirty += count
  w.setHeader(count)
  const remaining = size - count
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) {
      const m = set.randomMember(Math.random)
      set.remove(m)
      w.bulk(m)
    }
  } else {
    // Few members stay: move them to a new set (which may take another encoding) and reply
    // with everything left in the old one, in its order.
    const max = maxIntsetEntries(c)
    let kept: SetValue | null = null
    for (let i = 0; i < remaining; i++) {
      const m = set.randomMember(Math.random)
      kept ??= SetValue.forMember(m)
      kept.add(m, max)
      set.remove(m)
    }
    for (const m of set.values()) w.bulk(m)
    c.db.overwrite(key, kept as SetValue)
  }
  c.db.modified(key)
}

function srandmemberCommand(c: CommandClient, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv)
    return
  }
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const set = readTyped(c, argv[1]!, SetValue)
  if (set === null) return
  if (set === undefined) c.w.nullBulk()
  else c.w.bulk(set.randomMember(Math.random))
}

function srandmemberWithCount(c: CommandClient, argv: string[]): void {
  const l = parseSampleCount(c, argv[2]!)
  if (l === null) return
  const set = readTyped(c, argv[1]!, SetValue)
  if (set === null) return
  const w = c.w
  if (set === undefined || l === 0n) {
    w.arrayHeader(0)
    return
  }
  const unique = l > 0n
  const count = unique ? l : -l
  if (!unique || count === 1n) {
    // Independent draws; the budget of BoundedReply ends an absurd count early.
    const reply = new BoundedReply()
    if (!reply.fits(count, MIN_BULK_BYTES)) {
      reply.flush(c, 0)
      return
    }
    const draws = count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(count)
    for (let i = 0; i < draws && reply.ok; i++) reply.bulk(set.randomMember(Math.random))
    reply.flush(c, Number(count))
    return
  }
  const size = set.size
  if (count >= BigInt(size)) {
    // The whole set, in its order (ascending for an intset, as Redis).
    w.arrayHeader(size)
    for (const m of set.values()) w.bulk(m)
    return
  }
  const n = Number(count)
  w.bulkArray(set.membersAt(samplePositions(size, n, Math.random)))
}

/** SPOP and SRANDMEMBER. */
export const setRandomCommands: CommandSpec[] = [
  {
    name: 'spop',
    group: 'set',
    since: '1.0.0',
    summary: 'Removes and returns random members of a set.',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    arity: -2,
    flags: ['write', 'fast'],
    acl: ['set'],
    keys: [firstKey(['RW', 'ACCESS', 'DELETE'])],
    tips: ['nondeterministic_output'],
    history: [['3.2.0', 'Takes a count.']],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', since: '3.2.0', optional: true },
    ],
    handler: spopCommand,
  },
  {
    name: 'srandmember',
    group: 'set',
    since: '1.0.0',
    summary: 'Returns random members of a set without removing them.',
    complexity:
      'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    arity: -2,
    flags: ['readonly'],
    acl: ['set'],
    keys: [firstKey(['RO', 'ACCESS'])],
    tips: ['nondeterministic_output'],
    history: [['2.6.0', 'Takes a count.']],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', since: '2.6.0', optional: true },
    ],
    handler: srandmemberCommand,
  },
]
