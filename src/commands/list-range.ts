/**
 * List reads over ranges: LRANGE and LPOS (RANK, COUNT, MAXLEN with Redis's exact errors).
 * See https://redis.io/commands/lrange/ and https://redis.io/commands/lpos/
 */

import { ERR_NOT_INTEGER, ERR_SYNTAX, ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import { ListValue } from '../store/types/list.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { lookupRead } from './generic-helpers.js'
import { countOf, LONG_MAX, LONG_MIN, listKey, parseLong, parseLongIn, readList } from './list-access.js'
import type { ArgSpec, CommandSpec } from './spec.js'

export const ERR_LPOS_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
export const ERR_LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative"
export const ERR_LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative"

function lrangeCommand(c: CommandClient, argv: string[]): void {
  let start = parseLong(argv[2]!)
  let end = parseLong(argv[3]!)
  if (start === null || end === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const list = readList(c, argv[1]!)
  if (list === null) return
  const w = c.w
  if (list === undefined) {
    w.arrayHeader(0)
    return
  }
  const len = list.size
  if (start < 0) start += len
  if (end < 0) end += len
  if (start < 0) start = 0
  if (start > end || start >= len) {
    w.arrayHeader(0)
    return
  }
  if (end >= len) end = len - 1
  const first = start
  w.stringArray(end - start + 1, (i) => list.get(first + i))
}

/** A non-negative long option of LPOS: its value, or null after replying 'msg'. */
function positiveOption(c: CommandClient, s: string, msg: string): number | null {
  const v = parseLongIn(s, 0n, LONG_MAX)
  if (v === null || v === 'range') {
    c.w.error(msg)
    return null
  }
  return countOf(v)
}

function lposCommand(c: CommandClient, argv: string[]): void {
  let rank = 1
  let rankIsMin = false
  let count = -1
  let maxlen = 0
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!
    const more = argv.length - 1 - j
    if (keywordIs(opt, 'rank') && more > 0) {
      j++
      const v = parseInt64(argv[j]!)
      if (v === null) {
        c.w.error(ERR_NOT_INTEGER)
        return
      }
      if (v === 0n) {
        c.w.error(ERR_LPOS_RANK_ZERO)
        return
      }
      // redis 7.0.15 negates LONG_MIN into itself: from the tail, every match counts and
      // COUNT never stops the scan (its "matches - rank + 1" overflows negative).
      rankIsMin = v === LONG_MIN
      rank = v < 0n ? -countOf(-v) : countOf(v)
    } else if (keywordIs(opt, 'count') && more > 0) {
      j++
      const v = positiveOption(c, argv[j]!, ERR_LPOS_COUNT_NEGATIVE)
      if (v === null) return
      count = v
    } else if (keywordIs(opt, 'maxlen') && more > 0) {
      j++
      const v = positiveOption(c, argv[j]!, ERR_LPOS_MAXLEN_NEGATIVE)
      if (v === null) return
      maxlen = v
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  const fromTail = rank < 0
  if (fromTail) rank = -rank
  const v = lookupRead(c, c.db, argv[1]!, false)
  const w = c.w
  if (v === undefined) {
    if (count !== -1) w.arrayHeader(0)
    else w.nullBulk()
    return
  }
  if (!(v instanceof ListValue)) {
    w.error(ERR_WRONGTYPE)
    return
  }
  const ele = argv[2]!
  const len = v.size
  const limit = maxlen === 0 ? len : Math.min(maxlen, len)
  let matches = 0
  const found: number[] = []
  for (let n = 0; n < limit; n++) {
    const i = fromTail ? len - 1 - n : n
    if (v.get(i) !== ele) continue
    matches++
    if (matches < rank && !rankIsMin) continue
    found.push(i)
    if (count === -1 || (count !== 0 && !rankIsMin && found.length >= count)) break
  }
  if (count !== -1) {
    w.arrayHeader(found.length)
    for (const i of found) w.integer(i)
  } else if (found.length > 0) {
    w.integer(found[0]!)
  } else {
    w.nullBulk()
  }
}

const KEY: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }

/** LRANGE and LPOS. */
export const listRangeCommands: CommandSpec[] = [
  {
    name: 'lrange',
    group: 'list',
    since: '1.0.0',
    summary: 'Returns a range of elements of a list.',
    complexity: 'O(S+N) for S the start offset and N the elements returned',
    arity: 4,
    flags: ['readonly'],
    acl: ['list'],
    keys: [listKey(1, 'RO', 'ACCESS')],
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    handler: lrangeCommand,
  },
  {
    name: 'lpos',
    group: 'list',
    since: '6.0.6',
    summary: 'Returns the indexes of the elements of a list equal to a value.',
    complexity: 'O(N) where N is the number of elements scanned',
    arity: -3,
    flags: ['readonly'],
    acl: ['list'],
    keys: [listKey(1, 'RO', 'ACCESS')],
    args: [
      KEY,
      { name: 'element', type: 'string' },
      { name: 'rank', type: 'integer', token: 'RANK', optional: true },
      { name: 'num-matches', type: 'integer', token: 'COUNT', optional: true },
      { name: 'len', type: 'integer', token: 'MAXLEN', optional: true },
    ],
    handler: lposCommand,
  },
]
