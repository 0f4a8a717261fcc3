/**
 * LCS: the longest common subsequence of two string keys (LEN, IDX, MINMATCHLEN,
 * WITHMATCHLEN), with the DP table bounded by proto-max-bulk-len as in Redis 7.0.
 * See https://redis.io/commands/lcs/
 */

import {
  ERR_LCS_ALLOC,
  ERR_LCS_AMBIGUOUS,
  ERR_LCS_TOO_BIG,
  ERR_LCS_TYPES,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
} from '../protocol/reply-errors.js'
import { isStringValue, readBytes } from '../store/byte-string.js'
import { lcs, lcsTableBytes } from '../store/lcs.js'
import type { Value } from '../store/value.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'
import { isWrongType, lookupRead, optionName } from './string-access.js'

/** The bytes of a string value; a missing key reads as the empty string. */
function bytesOf(v: Value | undefined): Uint8Array {
  return v !== undefined && isStringValue(v) ? readBytes(v) : new Uint8Array(0)
}

function lcsCommand(c: CommandClient, argv: string[]): void {
  const va = lookupRead(c, argv[1]!)
  const vb = lookupRead(c, argv[2]!)
  if (isWrongType(va) || isWrongType(vb)) {
    c.w.error(ERR_LCS_TYPES)
    return
  }
  let getIdx = false
  let getLen = false
  let withMatchLen = false
  let minMatchLen = 0
  for (let j = 3; j < argv.length; j++) {
    const opt = optionName(argv[j]!)
    const more = argv.length - 1 - j
    if (opt === 'idx') getIdx = true
    else if (opt === 'len') getLen = true
    else if (opt === 'withmatchlen') withMatchLen = true
    else if (opt === 'minmatchlen' && more > 0) {
      const n = parseInt64(argv[++j]!)
      if (n === null) {
        c.w.error(ERR_NOT_INTEGER)
        return
      }
      // Lengths are below 2^32, so clamping the threshold there changes nothing.
      minMatchLen = n < 0n ? 0 : n > 0xffffffffn ? 0xffffffff : Number(n)
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  if (getIdx && getLen) {
    c.w.error(ERR_LCS_AMBIGUOUS)
    return
  }
  const a = bytesOf(va)
  const b = bytesOf(vb)
  if (lcsTableBytes(a.length, b.length) > c.srv.config.getNumber('proto-max-bulk-len')) {
    c.w.error(ERR_LCS_TOO_BIG)
    return
  }
  let r: ReturnType<typeof lcs>
  try {
    r = lcs(a, b, { subsequence: !getLen && !getIdx, matches: getIdx, minMatchLen })
  } catch (err) {
    if (!(err instanceof RangeError)) throw err
    c.w.error(ERR_LCS_ALLOC)
    return
  }
  const w = c.w
  if (getIdx) {
    const matches = r.matches ?? []
    w.mapHeader(2)
    w.bulk('matches')
    w.arrayHeader(matches.length)
    for (const m of matches) {
      w.arrayHeader(withMatchLen ? 3 : 2)
      w.arrayHeader(2)
      w.integer(m.aStart)
      w.integer(m.aEnd)
      w.arrayHeader(2)
      w.integer(m.bStart)
      w.integer(m.bEnd)
      if (withMatchLen) w.integer(m.len)
    }
    w.bulk('len')
    w.integer(r.len)
  } else if (getLen) {
    w.integer(r.len)
  } else {
    w.bulk(r.subsequence ?? '')
  }
}

/** LCS. */
export const stringLcsCommands: CommandSpec[] = [
  {
    name: 'lcs',
    group: 'string',
    since: '7.0.0',
    summary: 'Finds the longest common subsequence of two string values.',
    complexity: 'O(N*M) where N and M are the lengths of the two strings.',
    arity: -3,
    flags: ['readonly'],
    acl: ['string'],
    keys: [{ flags: ['RO', 'ACCESS'], begin: { index: 1 }, find: { range: [1, 1, 0] } }],
    args: [
      { name: 'key1', type: 'key', key_spec_index: 0 },
      { name: 'key2', type: 'key', key_spec_index: 0 },
      { name: 'len', type: 'pure-token', token: 'LEN', optional: true },
      { name: 'idx', type: 'pure-token', token: 'IDX', optional: true },
      { name: 'len', type: 'integer', token: 'MINMATCHLEN', optional: true },
      { name: 'withmatchlen', type: 'pure-token', token: 'WITHMATCHLEN', optional: true },
    ],
    handler: lcsCommand,
  },
]
