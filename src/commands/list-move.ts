/**
 * Lists moving elements between keys or popping from the first non-empty of several: LMOVE,
 * RPOPLPUSH and LMPOP (the blocking forms are in list-blocking.ts).
 * See https://redis.io/commands/lmove/ and https://redis.io/commands/lmpop/
 */

import { ERR_COUNT_POSITIVE, ERR_NUMKEYS_POSITIVE, ERR_SYNTAX } from '../protocol/reply-errors.js'
import type { ListValue } from '../store/types/list.js'
import { keywordIs } from '../util/c-string.js'
import type { CommandClient } from './context.js'
import { numkeysGetKeys } from './key-extraction.js'
import {
  countOf,
  LONG_MAX,
  listKey,
  moveElement,
  parseLongIn,
  parseWhere,
  popRangeReply,
  writeList,
} from './list-access.js'
import type { ArgSpec, CommandSpec, KeySpec } from './spec.js'

/**
 * lmoveGenericCommand: moves one element; replies it, or nil when the source is missing.
 * Returns false when nothing was moved (missing or empty source) without an error.
 */
export function lmoveGeneric(
  c: CommandClient,
  srcKey: string,
  dstKey: string,
  fromLeft: boolean,
  toLeft: boolean,
): void {
  const src = writeList(c, srcKey)
  if (src === null) return
  if (src === undefined || src.size === 0) {
    c.w.nullBulk()
    return
  }
  const dst = writeList(c, dstKey)
  if (dst === null) return
  moveElement(c, srcKey, src, dstKey, dst, fromLeft, toLeft)
}

function lmoveCommand(c: CommandClient, argv: string[]): void {
  const from = parseWhere(argv[3]!)
  const to = from === null ? null : parseWhere(argv[4]!)
  if (from === null || to === null) {
    c.w.error(ERR_SYNTAX)
    return
  }
  lmoveGeneric(c, argv[1]!, argv[2]!, from, to)
}

function rpoplpushCommand(c: CommandClient, argv: string[]): void {
  lmoveGeneric(c, argv[1]!, argv[2]!, false, true)
}

/** Parsed LMPOP/BLMPOP arguments after numkeys: the keys, the end, the count. */
export interface MpopArgs {
  keys: string[]
  left: boolean
  count: number
}

/**
 * Parses "numkeys key [key ...] LEFT|RIGHT [COUNT count]" starting at argv['at'], with
 * Redis's errors in its order; null after replying one. 'whereWords' is LEFT/RIGHT for
 * lists, MIN/MAX for sorted sets ('left' then means MIN).
 */
export function parseMpopArgs(
  c: CommandClient,
  argv: string[],
  at: number,
  whereWords: [string, string],
): MpopArgs | null {
  const nk = parseLongIn(argv[at]!, 1n, LONG_MAX)
  if (nk === null || nk === 'range') {
    c.w.error(ERR_NUMKEYS_POSITIVE)
    return null
  }
  const whereIdx = BigInt(at) + nk + 1n
  if (whereIdx >= BigInt(argv.length)) {
    c.w.error(ERR_SYNTAX)
    return null
  }
  const wi = Number(whereIdx)
  const where = argv[wi]!
  let left: boolean
  if (keywordIs(where, whereWords[0])) left = true
  else if (keywordIs(where, whereWords[1])) left = false
  else {
    c.w.error(ERR_SYNTAX)
    return null
  }
  let count = -1
  for (let j = wi + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j
    if (count === -1 && keywordIs(argv[j]!, 'count') && more > 0) {
      j++
      const v = parseLongIn(argv[j]!, 1n, LONG_MAX)
      if (v === null || v === 'range') {
        c.w.error(ERR_COUNT_POSITIVE)
        return null
      }
      count = countOf(v)
    } else {
      c.w.error(ERR_SYNTAX)
      return null
    }
  }
  return { keys: argv.slice(at + 1, wi), left, count: count === -1 ? 1 : count }
}

/**
 * The first non-empty list among 'keys' with its key; undefined when none; null after a
 * WRONGTYPE reply (keys after the first non-empty list are not checked, as Redis).
 */
export function firstNonEmptyList(
  c: CommandClient,
  keys: readonly string[],
): { key: string; list: ListValue } | undefined | null {
  for (const key of keys) {
    const list = writeList(c, key)
    if (list === null) return null
    if (list !== undefined && list.size > 0) return { key, list }
  }
  return undefined
}

function lmpopCommand(c: CommandClient, argv: string[]): void {
  const args = parseMpopArgs(c, argv, 1, ['left', 'right'])
  if (args === null) return
  const found = firstNonEmptyList(c, args.keys)
  if (found === null) return
  if (found === undefined) {
    c.w.nullArray()
    return
  }
  popRangeReply(c, found.key, found.list, args.left, args.count, true)
}

// --- Metadata ---

const WHERE = (name: string): ArgSpec => ({
  name,
  type: 'oneof',
  arguments: [
    { name: 'left', type: 'pure-token', token: 'LEFT' },
    { name: 'right', type: 'pure-token', token: 'RIGHT' },
  ],
})
export const LMOVE_ARGS: ArgSpec[] = [
  { name: 'source', type: 'key', key_spec_index: 0 },
  { name: 'destination', type: 'key', key_spec_index: 1 },
  WHERE('wherefrom'),
  WHERE('whereto'),
]
export const MOVE_KEYS: KeySpec[] = [listKey(1, 'RW', 'ACCESS', 'DELETE'), listKey(2, 'RW', 'INSERT')]
/** LMPOP's arguments after numkeys (also BLMPOP's). */
export const MPOP_ARGS: ArgSpec[] = [
  { name: 'numkeys', type: 'integer' },
  { name: 'key', type: 'key', key_spec_index: 0, multiple: true },
  WHERE('where'),
  { name: 'count', type: 'integer', token: 'COUNT', optional: true },
]

/** LMOVE, RPOPLPUSH, LMPOP. */
export const listMoveCommands: CommandSpec[] = [
  {
    name: 'lmove',
    group: 'list',
    since: '6.2.0',
    summary: 'Moves an element from one end of a list to an end of another list.',
    complexity: 'O(1)',
    arity: 5,
    flags: ['write', 'denyoom'],
    acl: ['list'],
    keys: MOVE_KEYS,
    args: LMOVE_ARGS,
    handler: lmoveCommand,
  },
  {
    name: 'rpoplpush',
    group: 'list',
    since: '1.2.0',
    summary: 'Moves the last element of a list to the head of another list.',
    complexity: 'O(1)',
    arity: 3,
    flags: ['write', 'denyoom'],
    acl: ['list'],
    keys: MOVE_KEYS,
    args: [
      { name: 'source', type: 'key', key_spec_index: 0 },
      { name: 'destination', type: 'key', key_spec_index: 1 },
    ],
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
    handler: rpoplpushCommand,
  },
  {
    name: 'lmpop',
    group: 'list',
    since: '7.0.0',
    summary: 'Pops elements from the first non-empty list among several.',
    complexity: 'O(N+M) for N keys given and M elements popped',
    arity: -4,
    flags: ['write'],
    acl: ['list'],
    keys: [{ flags: ['RW', 'ACCESS', 'DELETE'], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }],
    getKeys: (argv) => numkeysGetKeys(argv, 0, 1, 2),
    args: MPOP_ARGS,
    handler: lmpopCommand,
  },
]
