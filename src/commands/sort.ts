/**
 * SORT and SORT_RO: sort the elements of a list, set or sorted set numerically or by bytes
 * (ALPHA), by the element itself or by the values of other keys (BY pattern, hash fields with
 * 'pattern->field'), with LIMIT, GET patterns ('#' for the element) and STORE into a list.
 * Semantics as Redis 7.0 sort.c. See https://redis.io/commands/sort/
 */

import { ERR_SYNTAX, ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import { KEY_READ } from '../security/selectors.js'
import { isStringValue, stringContent } from '../store/byte-string.js'
import { HashValue } from '../store/types/hash.js'
import { ListValue } from '../store/types/list.js'
import { SetValue } from '../store/types/set.js'
import { SortedSetValue } from '../store/types/sorted-set.js'
import { keywordIs } from '../util/c-string.js'
import { parseDouble } from '../util/parse-double.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { CommandSpec, KeyRef } from './spec.js'
import { lookupRead, setKey } from './string-access.js'

const ERR_SCORES = "ERR One or more scores can't be converted into double"
const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range'
const ERR_SORT_BY_ACL = 'ERR BY option of SORT denied due to insufficient ACL permissions.'
const ERR_SORT_GET_ACL = 'ERR GET option of SORT denied due to insufficient ACL permissions.'
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n
/** The smallest positive normal double (DBL_MIN). */
const MIN_NORMAL = 2.2250738585072014e-308

/** One element being sorted, with what it sorts by. */
interface SortItem {
  readonly elem: string
  score: number
  /** ALPHA with BY: the value looked up, null when missing (sorts first). */
  cmp: string | null
}

/** The bytes of 's' up to its first NUL: what C string functions see. */
function cPrefix(s: string): string {
  const nul = s.indexOf('\0')
  return nul < 0 ? s : s.slice(0, nul)
}

/**
 * A sort score as sort.c reads it with strtod(): leading white space skipped, parsing stops
 * at a NUL byte, an empty string is 0; anything left unparsed, NaN, overflow, underflow or a
 * subnormal result (all ERANGE) is an error (null).
 */
export function sortScore(s: string): number | null {
  const c = cPrefix(s)
  if (c.length === 0) return 0
  let i = 0
  while (i < c.length && ' \t\n\v\f\r'.includes(c[i]!)) i++
  const v = parseDouble(c.slice(i))
  // strtod also sets ERANGE for a subnormal result, which sort.c rejects.
  if (v !== null && v !== 0 && Math.abs(v) < MIN_NORMAL) return null
  return v
}

/** Byte comparison as memcmp then length (redis compareStringObjects). */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * String comparison as strcoll() in the C locale (redis collateStringObjects): bytes up to
 * the first NUL. redoubt collates as the C locale whatever the environment says.
 */
function collate(a: string, b: string): number {
  return compareBytes(cPrefix(a), cPrefix(b))
}

/**
 * The value 'pattern' names for element 'subst' (redis lookupKeyByPattern): '#' is the
 * element itself; the first '*' is replaced by the element; a non-empty '->field' after it
 * reads a hash field. Null when there is no '*', no such key, or the key has another type.
 */
function lookupByPattern(c: CommandClient, pattern: string, subst: string): string | null {
  const cpat = cPrefix(pattern)
  if (cpat === '#') return subst
  const star = cpat.indexOf('*')
  if (star < 0) return null
  const arrow = cpat.indexOf('->', star + 1)
  let field: string | null = null
  let keyEnd = pattern.length
  if (arrow >= 0 && arrow + 2 < cpat.length) {
    field = pattern.slice(arrow + 2)
    keyEnd = arrow
  }
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, keyEnd)
  const v = lookupRead(c, key)
  if (v === undefined) return null
  if (field === null) return isStringValue(v) ? stringContent(v) : null
  if (!(v instanceof HashValue)) return null
  return v.get(field) ?? null
}

/**
 * True when the user may read every key through some selector that also allows this
 * command: all keys, or a key pattern that is exactly '*' with read permission (redis 7.0
 * ACLUserCheckCmdWithUnrestrictedKeyAccess). BY and GET read keys no key spec names, so
 * Redis refuses them to any other user (threat: reading keys outside the user's patterns).
 */
function hasUnrestrictedKeyAccess(c: CommandClient, name: string): boolean {
  const u = c.user
  if (u.unrestricted) return true
  const entry = c.srv.commands.lookup(name)
  if (entry === undefined) return false
  for (const sel of u.selectors) {
    if (!sel.allCommands && !sel.hasBit(entry.id)) continue
    if (sel.allKeys) return true
    for (const k of sel.keys) if ((k.flags & KEY_READ) !== 0 && k.pattern === '*') return true
  }
  return false
}

/** Parses a LIMIT argument as a C long (getLongFromObjectOrReply); null after an error reply. */
function parseLong(c: CommandClient, s: string): number | null {
  const n = parseInt64(s)
  if (n === null || n < LONG_MIN || n > LONG_MAX) {
    c.w.error(ERR_NOT_INTEGER)
    return null
  }
  // Beyond ±2^53 the value is clamped by the collection size anyway.
  return Number(n)
}

/** The elements of a sorted set from rank 'lo' to 'hi', reversed when 'desc'. */
function zsetRange(z: SortedSetValue, lo: number, hi: number, desc: boolean): string[] {
  const out: string[] = []
  if (hi >= lo) z.forEach(lo, hi + 1, desc, (m) => out.push(m))
  return out
}

function sortGeneric(c: CommandClient, argv: string[], readonly: boolean): void {
  let desc = false
  let alpha = false
  let limitStart = 0
  let limitCount = -1
  let dontsort = false
  let sortby: string | null = null
  let storekey: string | null = null
  const gets: string[] = []
  let access: boolean | undefined
  const fullAccess = (): boolean => {
    access ??= hasUnrestrictedKeyAccess(c, argv[0]!)
    return access
  }
  for (let j = 2; j < argv.length; j++) {
    const a = argv[j]!
    const left = argv.length - j - 1
    if (keywordIs(a, 'asc')) desc = false
    else if (keywordIs(a, 'desc')) desc = true
    else if (keywordIs(a, 'alpha')) alpha = true
    else if (keywordIs(a, 'limit') && left >= 2) {
      const s = parseLong(c, argv[j + 1]!)
      if (s === null) return
      const n = parseLong(c, argv[j + 2]!)
      if (n === null) return
      limitStart = s
      limitCount = n
      j += 2
    } else if (!readonly && keywordIs(a, 'store') && left >= 1) {
      storekey = argv[++j]!
    } else if (keywordIs(a, 'by') && left >= 1) {
      sortby = argv[++j]!
      // No '*' in the pattern: nothing to sort by, elements keep their order.
      if (!cPrefix(sortby).includes('*')) dontsort = true
      else if (!fullAccess()) {
        c.w.error(ERR_SORT_BY_ACL)
        return
      }
    } else if (keywordIs(a, 'get') && left >= 1) {
      if (!fullAccess()) {
        c.w.error(ERR_SORT_GET_ACL)
        return
      }
      gets.push(argv[++j]!)
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }

  const found = lookupRead(c, argv[1]!)
  let source: ListValue | SetValue | SortedSetValue
  if (found === undefined) source = new ListValue()
  else if (found instanceof ListValue || found instanceof SetValue || found instanceof SortedSetValue)
    source = found
  else {
    c.w.error(ERR_WRONGTYPE)
    return
  }

  // A set has no order of its own: sorted by bytes when the result is stored (redis 7.0).
  if (dontsort && source instanceof SetValue && storekey !== null) {
    dontsort = false
    alpha = true
    sortby = null
  }

  const len = source.size
  let start = Math.min(Math.max(limitStart, 0), len)
  const count = Math.min(Math.max(limitCount, -1), len)
  let end = count < 0 ? len - 1 : start + count - 1
  if (start >= len) {
    start = len - 1
    end = len - 2
  }
  if (end >= len) end = len - 1

  let items: SortItem[]
  if (dontsort && !(source instanceof SetValue)) {
    // Lists and sorted sets keep their own order (reversed by DESC); LIMIT applied directly.
    const elems: string[] = []
    if (end >= start) {
      if (source instanceof ListValue) {
        for (let i = start; i <= end; i++) elems.push(source.get(desc ? len - 1 - i : i))
      } else {
        const z = source as SortedSetValue
        const lo = desc ? len - 1 - end : start
        const hi = desc ? len - 1 - start : end
        for (const m of zsetRange(z, lo, hi, desc)) elems.push(m)
      }
    }
    items = elems.map((elem) => ({ elem, score: 0, cmp: null }))
    end -= start
    start = 0
  } else {
    const elems: string[] = []
    if (source instanceof ListValue) {
      for (let i = 0; i < len; i++) elems.push(source.get(i))
    } else if (source instanceof SetValue) {
      for (const m of source.values()) elems.push(m)
    } else {
      for (const m of zsetRange(source as SortedSetValue, 0, len - 1, false)) elems.push(m)
    }
    items = elems.map((elem) => ({ elem, score: 0, cmp: null }))
  }

  let conversionError = false
  if (!dontsort) {
    for (const it of items) {
      let by: string
      if (sortby !== null) {
        const v = lookupByPattern(c, sortby, it.elem)
        if (v === null) continue
        by = v
      } else {
        by = it.elem
      }
      if (alpha) {
        if (sortby !== null) it.cmp = by
      } else {
        const score = sortScore(by)
        if (score === null) conversionError = true
        else it.score = score
      }
    }
    items.sort(comparator(alpha, sortby !== null, storekey !== null, desc))
  }

  const span = end - start + 1
  const outputLen = gets.length > 0 ? gets.length * span : span
  if (conversionError) {
    c.w.error(ERR_SCORES)
    return
  }
  if (storekey === null) {
    c.w.arrayHeader(outputLen)
    for (let j = start; j <= end; j++) {
      const elem = items[j]!.elem
      if (gets.length === 0) c.w.bulk(elem)
      for (const g of gets) {
        const v = lookupByPattern(c, g, elem)
        if (v === null) c.w.nullBulk()
        else c.w.bulk(v)
      }
    }
    return
  }
  const db = c.db
  const ks = c.srv.keyspace
  if (outputLen > 0) {
    const list = new ListValue(outputLen)
    for (let j = start; j <= end; j++) {
      const elem = items[j]!.elem
      if (gets.length === 0) list.pushTail(elem)
      for (const g of gets) list.pushTail(lookupByPattern(c, g, elem) ?? '')
    }
    setKey(c, storekey, list)
    db.notify('l', 'sortstore', storekey)
    ks.dirty += outputLen
  } else if (db.delete(storekey)) {
    db.modified(storekey)
    db.notify('g', 'del', storekey)
    ks.dirty++
  }
  c.w.integer(outputLen)
}

/** Redis's sortCompare for the options given. */
function comparator(
  alpha: boolean,
  byPattern: boolean,
  store: boolean,
  desc: boolean,
): (a: SortItem, b: SortItem) => number {
  const sign = desc ? -1 : 1
  if (!alpha) {
    // Equal scores fall back to the elements' bytes, so the result is deterministic.
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.elem, b.elem))
  }
  const cmpStrings = store ? compareBytes : collate
  if (byPattern) {
    return (a, b) => {
      if (a.cmp === null || b.cmp === null) {
        if (a.cmp === b.cmp) return 0
        return sign * (a.cmp === null ? -1 : 1)
      }
      return sign * cmpStrings(a.cmp, b.cmp)
    }
  }
  return (a, b) => sign * cmpStrings(a.elem, b.elem)
}

function sortCommand(c: CommandClient, argv: string[]): void {
  sortGeneric(c, argv, false)
}

function sortRoCommand(c: CommandClient, argv: string[]): void {
  sortGeneric(c, argv, true)
}

// --- Key extraction ---

/**
 * SORT's keys as redis sortGetKeys: the sorted key (RO ACCESS) and the target of the last
 * STORE (OW UPDATE), skipping the arguments of LIMIT, GET and BY. The keys BY and GET
 * patterns read are not reported (Redis requires full key access for them instead).
 */
export function sortGetKeys(argv: readonly string[]): KeyRef[] {
  const keys: KeyRef[] = [{ pos: 1, flags: ['RO', 'ACCESS'] }]
  let store = -1
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!
    if (keywordIs(a, 'limit')) i += 2
    else if (keywordIs(a, 'get') || keywordIs(a, 'by')) i += 1
    else if (keywordIs(a, 'store') && i + 1 < argv.length) store = i + 1
  }
  if (store > 0) keys.push({ pos: store, flags: ['OW', 'UPDATE'] })
  return keys
}

/** SORT_RO's keys as redis sortROGetKeys: the sorted key only. */
function sortRoGetKeys(): KeyRef[] {
  return [{ pos: 1, flags: ['RO', 'ACCESS'] }]
}

// --- Metadata ---

const BY_GET_NOTES =
  "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort"
const STORE_NOTES =
  "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array"

const SORT_ARGS: CommandSpec['args'] = [
  { name: 'key', type: 'key', key_spec_index: 0 },
  { name: 'pattern', type: 'pattern', key_spec_index: 1, token: 'BY', optional: true },
  {
    name: 'offset_count',
    type: 'block',
    token: 'LIMIT',
    optional: true,
    arguments: [
      { name: 'offset', type: 'integer' },
      { name: 'count', type: 'integer' },
    ],
  },
  {
    name: 'pattern',
    type: 'pattern',
    key_spec_index: 1,
    token: 'GET',
    optional: true,
    multiple: true,
    multiple_token: true,
  },
  {
    name: 'order',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'asc', type: 'pure-token', token: 'ASC' },
      { name: 'desc', type: 'pure-token', token: 'DESC' },
    ],
  },
  { name: 'sorting', type: 'pure-token', token: 'ALPHA', optional: true },
]

/** SORT and SORT_RO. */
export const sortCommands: CommandSpec[] = [
  {
    name: 'sort',
    group: 'generic',
    since: '1.0.0',
    summary: 'Sorts the elements of a list, set or sorted set; can store the result in a list.',
    complexity:
      'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    arity: -2,
    flags: ['write', 'denyoom'],
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    keys: [
      { flags: ['RO', 'ACCESS'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ['RO', 'ACCESS'], notes: BY_GET_NOTES, begin: 'unknown', find: 'unknown' },
      { flags: ['OW', 'UPDATE'], notes: STORE_NOTES, begin: 'unknown', find: 'unknown' },
    ],
    args: [
      ...SORT_ARGS!,
      { name: 'destination', type: 'key', key_spec_index: 2, token: 'STORE', optional: true },
    ],
    getKeys: sortGetKeys,
    handler: sortCommand,
  },
  {
    name: 'sort_ro',
    group: 'generic',
    since: '7.0.0',
    summary: 'Sorts the elements of a list, set or sorted set (read-only variant of SORT).',
    complexity:
      'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    arity: -2,
    flags: ['readonly'],
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    keys: [
      { flags: ['RO', 'ACCESS'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ['RO', 'ACCESS'], notes: BY_GET_NOTES, begin: 'unknown', find: 'unknown' },
    ],
    args: SORT_ARGS,
    getKeys: sortRoGetKeys,
    handler: sortRoCommand,
  },
]
