/**
 * Hash commands that sample or iterate: HRANDFIELD (Redis 7.0's four cases: repeats for a
 * negative count, the whole hash when the count covers it, a random subset otherwise) and
 * HSCAN (everything at once with cursor 0 for a listpack, bucket walk for a hash table).
 * See https://redis.io/commands/hrandfield/ and https://redis.io/commands/hscan/
 */

import { ERR_INVALID_CURSOR } from '../protocol/reply-errors.js'
import { HashValue } from '../store/types/hash.js'
import {
  BoundedReply,
  MIN_BULK_BYTES,
  parsePairedSampleArgs,
  readTyped,
  samplePositions,
  scanBuckets,
} from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { parseScanCursor, parseScanOptions } from './generic-scan.js'
import type { CommandSpec } from './spec.js'
import { firstKey } from './string-access.js'

function hrandfieldCommand(c: CommandClient, argv: string[]): void {
  if (argv.length >= 3) {
    const args = parsePairedSampleArgs(c, argv, 'withvalues')
    if (args === null) return
    hrandfieldWithCount(c, argv[1]!, args.count, args.paired)
    return
  }
  const h = readTyped(c, argv[1]!, HashValue)
  if (h === null) return
  if (h === undefined) c.w.nullBulk()
  else c.w.bulk(h.randomField(Math.random))
}

/** hrandfieldWithCountCommand: 'l' < 0 allows repeats; WITHVALUES pairs are nested in RESP3. */
function hrandfieldWithCount(c: CommandClient, key: string, l: bigint, withValues: boolean): void {
  const h = readTyped(c, key, HashValue)
  if (h === null) return
  const w = c.w
  if (h === undefined || l === 0n) {
    w.arrayHeader(0)
    return
  }
  const unique = l > 0n
  const count = unique ? l : -l
  const nested = withValues && w.resp === 3
  const perItem = withValues && !nested ? 2 : 1
  if (!unique || count === 1n) {
    // Case 1: independent draws. The budget of BoundedReply ends an absurd count early.
    const reply = new BoundedReply()
    const perDraw = (withValues ? 2 * MIN_BULK_BYTES : MIN_BULK_BYTES) + (nested ? 4 : 0)
    if (!reply.fits(count, perDraw)) {
      reply.flush(c, 0)
      return
    }
    const pick = h.randomPicker(Math.random)
    const draws = count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(count)
    for (let i = 0; i < draws && reply.ok; i++) {
      const f = pick()
      if (nested) reply.header('*2')
      reply.bulk(f)
      if (withValues) reply.bulk(h.get(f) as string)
    }
    reply.flush(c, Number(count) * perItem)
    return
  }
  const size = h.size
  if (count >= BigInt(size)) {
    // Case 2: the whole hash, in its order (insertion order while a listpack, as Redis).
    w.arrayHeader(size * perItem)
    for (const [f, v] of h.entries()) {
      if (nested) w.arrayHeader(2)
      w.bulk(f)
      if (withValues) w.bulk(v)
    }
    return
  }
  // Cases 3 and 4: 'count' distinct fields, in no particular order.
  const n = Number(count)
  const fields = h.fieldsAt(samplePositions(size, n, Math.random))
  w.arrayHeader(n * perItem)
  for (const f of fields) {
    if (nested) w.arrayHeader(2)
    w.bulk(f)
    if (withValues) w.bulk(h.get(f) as string)
  }
}

function hscanCommand(c: CommandClient, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!)
  if (cursor === null) {
    c.w.error(ERR_INVALID_CURSOR)
    return
  }
  const h = readTyped(c, argv[1]!, HashValue)
  if (h === null) return
  const w = c.w
  if (h === undefined) {
    w.raw('*2\r\n$1\r\n0\r\n*0\r\n')
    return
  }
  // redis 7.0: options are parsed only once the key is known to hold a hash.
  const opts = parseScanOptions(c, argv, 3, false)
  if (opts === null) return
  let next = 0
  let fields: string[]
  if (h.isListpack) {
    // A listpack is returned whole in one call, whatever the cursor and COUNT.
    fields = []
    for (const f of h.keys()) if (opts.match === null || opts.match(f)) fields.push(f)
  } else {
    const step = scanBuckets(h, cursor, opts)
    next = step.next
    fields = step.items
  }
  w.arrayHeader(2)
  w.bulk(String(next))
  w.arrayHeader(fields.length * 2)
  for (const f of fields) {
    w.bulk(f)
    w.bulk(h.get(f) as string)
  }
}

/** HRANDFIELD and HSCAN. */
export const hashRandomCommands: CommandSpec[] = [
  {
    name: 'hrandfield',
    group: 'hash',
    since: '6.2.0',
    summary: 'Returns random fields of a hash, optionally with their values.',
    complexity: 'O(N) where N is the number of fields returned',
    arity: -2,
    flags: ['readonly'],
    acl: ['hash'],
    keys: [firstKey(['RO', 'ACCESS'])],
    tips: ['nondeterministic_output'],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'options',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'count', type: 'integer' },
          { name: 'withvalues', type: 'pure-token', token: 'WITHVALUES', optional: true },
        ],
      },
    ],
    handler: hrandfieldCommand,
  },
  {
    name: 'hscan',
    group: 'hash',
    since: '2.8.0',
    summary: 'Iterates over the fields and values of a hash with a cursor.',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    arity: -3,
    flags: ['readonly'],
    acl: ['hash'],
    keys: [firstKey(['RO', 'ACCESS'])],
    tips: ['nondeterministic_output'],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: hscanCommand,
  },
]
