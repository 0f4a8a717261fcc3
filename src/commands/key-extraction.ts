/**
 * Key extraction: the one place that says which arguments of a command are keys, used by
 * COMMAND GETKEYS / GETKEYSANDFLAGS and by ACL key checks (a mistake here is an ACL bypass,
 * CVE-2023-41053). Key specs first, the command's own getKeys when a spec cannot be applied
 * (redis db.c getKeysFromCommandWithSpecs), plus the legacy first/last/step range and the
 * derived movablekeys flag that COMMAND INFO prints. See https://redis.io/docs/reference/key-specs/
 */

import { parseInt64 } from '../util/strict-int.js'
import type { CommandSpec, KeyRef, KeySpec, KeySpecFlag } from './spec.js'

/** How extractKeys searches (redis GET_KEYSPEC_* search flags). */
export interface KeyExtractionOptions {
  /** Also return arguments of specs flagged NOT_KEY (GET_KEYSPEC_INCLUDE_NOT_KEYS). */
  includeNotKeys?: boolean
  /**
   * Skip specs that cannot be applied or are INCOMPLETE but keep the keys found by the others
   * (GET_KEYSPEC_RETURN_PARTIAL); by default such a spec voids the whole spec search.
   */
  partial?: boolean
}

const NO_FLAGS: readonly KeySpecFlag[] = []

/** Where a begin_search of type keyword finds its keyword; 0 when it does not. */
function keywordPosition(keyword: string, startfrom: number, argv: readonly string[]): number {
  const argc = argv.length
  const wanted = keyword.toLowerCase()
  if (startfrom > 0) {
    // The keyword is never looked for in the last argument: no key could follow it.
    for (let i = startfrom; i < argc - 1; i++) {
      if (argv[i]!.toLowerCase() === wanted) return i + 1
    }
    return 0
  }
  for (let i = argc + startfrom; i >= 1; i--) {
    if (i < argc && argv[i]!.toLowerCase() === wanted) return i + 1
  }
  return 0
}

/**
 * Applies one spec: the keys it names, or null when it cannot be applied to 'argv' (an
 * unknown begin or find, an unparsable or negative key count, positions out of range).
 */
function applySpec(ks: KeySpec, argv: readonly string[], out: KeyRef[]): boolean {
  const argc = argv.length
  const b = ks.begin
  if (b === 'unknown') return false
  let first: number
  if ('index' in b) {
    first = b.index
  } else {
    first = keywordPosition(b.keyword, b.startfrom, argv)
    if (first === 0) return true // keyword absent: this spec names no key
  }
  const f = ks.find
  if (f === 'unknown') return false
  let last: number
  let step: number
  if ('range' in f) {
    const [lastkey, keystep, limit] = f.range
    step = keystep
    if (lastkey >= 0) last = first + lastkey
    else if (limit === 0) last = argc + lastkey
    else last = first + Math.trunc((argc - first) / limit) + lastkey
  } else {
    const [keynumidx, firstkey, keystep] = f.keynum
    step = keystep
    const numPos = first + keynumidx
    if (keynumidx >= argc || numPos >= argc) return false
    const n = parseInt64(argv[numPos]!)
    // A count beyond argc can only point past the end: reject it before leaving bigint.
    if (n === null || n < 0n || n > BigInt(argc)) return false
    first += firstkey
    last = first + Number(n) - 1
  }
  if (last >= argc || last < first || first >= argc || step <= 0) return false
  for (let i = first; i <= last; i += step) out.push({ pos: i, flags: ks.flags })
  return !ks.flags.includes('INCOMPLETE')
}

/**
 * The keys named by the key specs (redis getKeysUsingKeySpecs), in spec order; null when a
 * spec could not be applied and 'partial' was not asked for. Bounded by argv's length.
 */
export function keysFromKeySpecs(
  spec: CommandSpec,
  argv: readonly string[],
  options: KeyExtractionOptions = {},
): KeyRef[] | null {
  const out: KeyRef[] = []
  for (const ks of spec.keys ?? []) {
    if (ks.flags.includes('NOT_KEY') && options.includeNotKeys !== true) continue
    // A spec that cannot be applied adds nothing; an INCOMPLETE one keeps what it found.
    if (!applySpec(ks, argv, out) && options.partial !== true) return null
  }
  return out
}

/** True when some key spec is not NOT_KEY. */
function hasRealKeySpec(spec: CommandSpec): boolean {
  return (spec.keys ?? []).some((ks) => !ks.flags.includes('NOT_KEY'))
}

/**
 * The keys of 'argv' (argv[0] is the command name, argv[1] the subcommand name for a
 * subcommand, as the client sent them) with their access flags, the way redis
 * getKeysFromCommandWithSpecs finds them: key specs first, unless one of them is
 * VARIABLE_FLAGS or cannot be applied, in which case the command's getKeys decides. A command
 * with a VARIABLE_FLAGS spec but no getKeys still gets its keys from the specs, so that no
 * key ever goes unchecked. Positions outside argv returned by a getKeys are dropped.
 */
export function extractKeys(
  spec: CommandSpec,
  argv: readonly string[],
  options: KeyExtractionOptions = {},
): readonly KeyRef[] {
  const varFlags = (spec.keys ?? []).some((ks) => ks.flags.includes('VARIABLE_FLAGS'))
  const searchSpecs = options.includeNotKeys === true ? (spec.keys ?? []).length > 0 : hasRealKeySpec(spec)
  if (searchSpecs && (!varFlags || spec.getKeys === undefined)) {
    const found = keysFromKeySpecs(spec, argv, options)
    if (found !== null) return found
  }
  return keysFromGetKeys(spec, argv)
}

/** The keys the command's own getKeys names, positions outside argv dropped; [] without one. */
export function keysFromGetKeys(spec: CommandSpec, argv: readonly string[]): readonly KeyRef[] {
  if (spec.getKeys === undefined) return []
  const found = spec.getKeys(argv)
  if (allValidRefs(found, argv.length)) return found as readonly KeyRef[]
  const out: KeyRef[] = []
  for (const k of found) {
    const ref = typeof k === 'number' ? { pos: k, flags: NO_FLAGS } : k
    if (Number.isInteger(ref.pos) && ref.pos > 0 && ref.pos < argv.length) out.push(ref)
  }
  return out
}

/** True when getKeys gave only KeyRefs inside argv: its array can be returned as it is. */
function allValidRefs(found: readonly (number | KeyRef)[], argc: number): boolean {
  for (let i = 0; i < found.length; i++) {
    const k = found[i]!
    if (typeof k === 'number' || !Number.isInteger(k.pos) || k.pos <= 0 || k.pos >= argc) return false
  }
  return true
}

/**
 * One key spec whose keys follow from argc alone: 'begin' at a fixed index, 'find' a range
 * without a limit (keys first .. last by step, last = first + lastkey when lastkey >= 0,
 * else argc + lastkey).
 */
export interface FixedKeyRange {
  readonly first: number
  readonly lastkey: number
  readonly step: number
  readonly flags: readonly KeySpecFlag[]
  /** The flags say the keys are read (ACCESS) / written (INSERT, DELETE, UPDATE). */
  readonly reads: boolean
  readonly writes: boolean
}

/**
 * What the ACL check needs to know of a command's keys, worked out once per command:
 * whether it has keys at all, and, when every spec is a FixedKeyRange (and none is
 * INCOMPLETE or VARIABLE_FLAGS, so extractKeys would use exactly these), the ranges in spec
 * order, so that a check can walk the key positions without building KeyRefs.
 */
export interface KeyPlan {
  readonly hasKeys: boolean
  readonly fixed: readonly FixedKeyRange[] | null
  /** extractKeys (default options) always goes to getKeys: keysFromGetKeys gives its keys. */
  readonly viaGetKeys: boolean
  /**
   * For a viaGetKeys command whose specs are fixed ranges except that some are
   * VARIABLE_FLAGS (SET: its key is argv[1], read or not depending on GET): the ranges, in
   * spec order, giving the positions getKeys gives but not their access. A check for which
   * access makes no difference (every key pattern grants read and write) may walk these.
   */
  readonly positions: readonly FixedKeyRange[] | null
}

export function keyPlanOf(spec: CommandSpec): KeyPlan {
  const hasKeys = commandHasKeys(spec)
  const varFlags = (spec.keys ?? []).some((ks) => ks.flags.includes('VARIABLE_FLAGS'))
  const viaGetKeys = spec.getKeys !== undefined && (varFlags || !hasRealKeySpec(spec))
  if (!hasRealKeySpec(spec)) return { hasKeys, fixed: null, viaGetKeys, positions: null }
  const ranges = fixedRanges(spec)
  if (varFlags) return { hasKeys, fixed: null, viaGetKeys, positions: viaGetKeys ? ranges : null }
  return { hasKeys, fixed: ranges, viaGetKeys, positions: null }
}

/** The key specs of 'spec' as FixedKeyRanges (VARIABLE_FLAGS allowed), or null when one is not. */
function fixedRanges(spec: CommandSpec): FixedKeyRange[] | null {
  const fixed: FixedKeyRange[] = []
  for (const ks of spec.keys ?? []) {
    if (ks.flags.includes('INCOMPLETE')) return null
    if (ks.flags.includes('NOT_KEY')) continue
    const b = ks.begin
    const f = ks.find
    if (b === 'unknown' || !('index' in b) || f === 'unknown' || !('range' in f)) return null
    const [lastkey, step, limit] = f.range
    if (limit !== 0) return null
    const reads = ks.flags.includes('ACCESS')
    const writes = ks.flags.some((fl) => fl === 'INSERT' || fl === 'DELETE' || fl === 'UPDATE')
    fixed.push({ first: b.index, lastkey, step, flags: ks.flags, reads, writes })
  }
  return fixed
}

/**
 * The position of the last key of 'r' for 'argc' arguments, or -1 when the spec cannot be
 * applied (applySpec's checks: extractKeys then takes another way, so callers must too).
 */
export function fixedRangeLast(r: FixedKeyRange, argc: number): number {
  const last = r.lastkey >= 0 ? r.first + r.lastkey : argc + r.lastkey
  if (last >= argc || last < r.first || r.first >= argc || r.step <= 0) return -1
  return last
}

/** True when the command can have key arguments at all (redis doesCommandHaveKeys). */
export function commandHasKeys(spec: CommandSpec): boolean {
  return spec.getKeys !== undefined || hasRealKeySpec(spec)
}

/** C's atoi(): leading blanks, a sign, then digits up to the first other byte; 0 when none. */
export function atoi(s: string): number {
  let i = 0
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++
  let sign = 1
  if (s[i] === '-' || s[i] === '+') {
    if (s[i] === '-') sign = -1
    i++
  }
  let n = 0
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) break
    n = n * 10 + d
    if (n > 2147483647) return sign > 0 ? 2147483647 : -2147483648
  }
  return sign * n
}

/**
 * getKeys for "[destkey] numkeys key [key ...] [options]" commands (ZUNIONSTORE, EVAL,
 * LMPOP...), as redis genericGetKeys: the count is read with atoi(), keys carry no flags, the
 * destination (when 'storeIdx' > 0) comes last; no key at all when the count is below 1 or
 * more than the arguments can hold.
 */
export function numkeysGetKeys(
  argv: readonly string[],
  storeIdx: number,
  countIdx: number,
  firstIdx: number,
  step = 1,
): number[] {
  const num = atoi(argv[countIdx] ?? '')
  if (num < 1 || num > Math.trunc((argv.length - firstIdx) / step)) return []
  const out: number[] = []
  for (let i = 0; i < num; i++) out.push(firstIdx + i * step)
  if (storeIdx > 0) out.push(storeIdx)
  return out
}

// --- Legacy key range (COMMAND INFO first key, last key, step) ---

/** The legacy (first, last, step) triple and whether the command has movable keys. */
export interface LegacyKeyRange {
  first: number
  /** Absolute index, or negative counted from the end (-1 = last argument). */
  last: number
  step: number
  /** COMMAND INFO's movablekeys flag: the range alone does not find every key. */
  movable: boolean
}

/**
 * Derives COMMAND INFO's first/last/step from the key specs as redis
 * populateCommandLegacyRangeSpec does: a single index+range spec is used as is (movable only
 * when INCOMPLETE); otherwise consecutive step-1 index+range specs are merged and any other
 * spec makes the keys movable. A command without specs has (0, 0, 0).
 */
export function legacyKeyRange(spec: CommandSpec): LegacyKeyRange {
  const specs = spec.keys ?? []
  const none: LegacyKeyRange = { first: 0, last: 0, step: 0, movable: false }
  if (specs.length === 0) return none
  const plain = (
    ks: KeySpec,
  ): ks is KeySpec & { begin: { index: number }; find: { range: [number, number, number] } } =>
    typeof ks.begin === 'object' && 'index' in ks.begin && typeof ks.find === 'object' && 'range' in ks.find
  const only = specs[0]!
  if (specs.length === 1 && plain(only)) {
    const [lastkey, keystep] = only.find.range
    const first = only.begin.index
    return {
      first,
      last: lastkey >= 0 ? first + lastkey : lastkey,
      step: keystep,
      movable: only.flags.includes('INCOMPLETE'),
    }
  }
  let movable = false
  let first = Number.POSITIVE_INFINITY
  let last = 0
  let prevLast = 0
  for (const ks of specs) {
    if (!plain(ks)) {
      movable = true
      continue
    }
    const pos = ks.begin.index
    const [lastkey, keystep] = ks.find.range
    if (keystep !== 1 || (prevLast !== 0 && prevLast !== pos - 1)) {
      movable = true
      continue
    }
    if (ks.flags.includes('INCOMPLETE')) movable = true
    first = Math.min(first, pos)
    const abs = lastkey >= 0 ? lastkey + pos : lastkey
    // redis compares as unsigned: a negative (from-the-end) last key wins over any index.
    last = unsignedMax(last, abs)
    prevLast = last
  }
  if (first === Number.POSITIVE_INFINITY) return { ...none, movable: true }
  return { first, last, step: 1, movable }
}

function unsignedMax(a: number, b: number): number {
  const ua = a < 0 ? 2 ** 32 + a : a
  const ub = b < 0 ? 2 ** 32 + b : b
  return ua >= ub ? a : b
}

/** True when COMMAND INFO shows movablekeys for the command (declared or derived). */
export function isMovableKeys(spec: CommandSpec): boolean {
  return spec.flags.includes('movablekeys') || legacyKeyRange(spec).movable
}
