/**
 * Value types of configuration directives: how arguments from redis.conf, the command line
 * or CONFIG SET are parsed, validated and stored, how CONFIG GET shows them and how CONFIG
 * REWRITE writes them back. Mirrors the bool/numeric/enum/string config types of Redis 7.0
 * (config.c); the special forms ('save', 'bind', ...) are in special-types.ts.
 *
 * Every value is stored as one canonical string, normally exactly what CONFIG GET prints
 * (memory as plain bytes, bools as yes/no), so that get, rollback and rewrite compare strings.
 */

import { cString } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import { formatMemoryForFile, parseCStrtoll, parseMemory } from './parse-number.js'
import { quoteConfigValue } from './quote.js'

/** A parsed value (canonical string) or Redis's error text. */
export type ParseResult = { readonly value: string; readonly error?: undefined } | { readonly error: string }

/** What a parser may need besides the arguments. */
export interface ParseContext {
  /** The value stored before this assignment (canonical). */
  readonly current: string
  /** 'file' for redis.conf and command-line lines, 'set' for CONFIG SET. */
  readonly mode: 'file' | 'set'
  /** 'file' mode: an earlier line of the same load already set this directive. */
  readonly seenInLoad: boolean
}

/** A line CONFIG REWRITE wants in the file; 'force' appends it even when the file lacks it. */
export interface RewriteLine {
  readonly line: string
  readonly force: boolean
}

/** The behaviour of one kind of value. */
export interface ValueType {
  readonly kind: 'bool' | 'integer' | 'memory' | 'enum' | 'string' | 'special'
  /** Several arguments on one line (Redis MULTI_ARG_CONFIG); CONFIG SET splits its value on spaces. */
  readonly multiArg: boolean
  /** Human description for docs/config.md. */
  readonly describe: string
  parse(args: readonly string[], ctx: ParseContext): ParseResult
  /** CONFIG GET text of a stored value. */
  display(value: string): string
  /** CONFIG REWRITE lines for 'value' of directive 'name'; [] means "drop its old lines". */
  rewrite(name: string, value: string, defaultValue: string): RewriteLine[]
  /** The number ConfigView.getNumber returns, for types that have one. */
  toNumber?(value: string): number
}

/** An optional extra validity rule, returning Redis's error text or null. */
export type Validator<T> = (value: T) => string | null

const identity = (v: string): string => v

// --- bool ---

/** yes/no (case-insensitive on input), stored as "yes" or "no". */
export function boolType(validate?: Validator<boolean>): ValueType {
  return {
    kind: 'bool',
    multiArg: false,
    describe: 'yes | no',
    parse(args) {
      // strcasecmp() stops at a NUL byte, as everywhere Redis compares keywords.
      const a = cString(args[0] ?? '').toLowerCase()
      if (a !== 'yes' && a !== 'no') return { error: "argument must be 'yes' or 'no'" }
      const err = validate?.(a === 'yes')
      return err ? { error: err } : { value: a }
    },
    display: identity,
    rewrite: (name, value, def) => [{ line: `${name} ${value}`, force: value !== def }],
  }
}

// --- numeric ---

/** How a numeric directive reads and prints its value (Redis's numeric config flags). */
export interface NumericSpec {
  readonly min: bigint
  readonly max: bigint
  /**
   * Bounds are compared as unsigned 64-bit values (C types unsigned int, unsigned long long
   * and size_t): only matters for 'maxmemory'-like directives bounded by 2^64-1, where a
   * memory value above 2^63 is accepted.
   */
  readonly unsigned?: boolean
  /** Accepts memory units (1gb, 100mb); printed as plain bytes. */
  readonly memory?: boolean
  /** Also accepts "N%" (0..100), stored as -N as Redis does (maxmemory-clients). */
  readonly percent?: boolean
  /** Read and printed in octal (unixsocketperm). */
  readonly octal?: boolean
  readonly validate?: Validator<bigint>
  /** Adjusts an in-range value before storing (hz is clamped to 1..500). */
  readonly normalize?: (v: bigint) => bigint
}

const U64 = 2n ** 64n

function asUnsigned(v: bigint): bigint {
  return v < 0n ? v + U64 : v
}

/** Reads a numeric value as Redis's numericParseString(); the result is a signed 64-bit value. */
function readNumeric(spec: NumericSpec, s: string): bigint | string {
  if (spec.memory) {
    const m = parseMemory(s)
    if (m !== null) return BigInt.asIntN(64, m)
  }
  if (spec.percent && s.length > 1 && s.endsWith('%')) {
    const p = parseInt64(s.slice(0, -1))
    if (p !== null && p >= 0n) return -p
  }
  if (spec.octal) {
    const o = parseCStrtoll(s, 8)
    if (o !== null && !o.overflow) return o.value
  }
  if (!spec.memory && !spec.percent && !spec.octal) {
    const v = parseInt64(s)
    if (v !== null) return v
  }
  if (spec.memory && spec.percent) return 'argument must be a memory or percent value'
  if (spec.memory) return 'argument must be a memory value'
  if (spec.octal) return "argument couldn't be parsed as an octal number"
  return "argument couldn't be parsed into an integer"
}

function boundsError(spec: NumericSpec, v: bigint): string | null {
  if (spec.unsigned) {
    const u = asUnsigned(v)
    const lo = asUnsigned(spec.min)
    const hi = asUnsigned(spec.max)
    if (u > hi || u < lo) {
      const f = (x: bigint): string => (spec.octal ? x.toString(8) : String(x))
      return `argument must be between ${f(lo)} and ${f(hi)} inclusive`
    }
    return null
  }
  if (spec.percent && v < 0n) {
    return v < spec.min ? `percentage argument must be less or equal to ${-spec.min}` : null
  }
  if (v > spec.max || v < spec.min) return `argument must be between ${spec.min} and ${spec.max} inclusive`
  return null
}

/** The canonical text of a stored numeric value, as Redis's numericConfigGet() prints it. */
function formatNumeric(spec: NumericSpec, v: bigint): string {
  if (spec.percent && v < 0n) return `${-v}%`
  if (spec.memory) return String(asUnsigned(v))
  if (spec.octal) return asUnsigned(v).toString(8)
  return String(v)
}

function numericToBigInt(spec: NumericSpec, value: string): bigint {
  if (value.endsWith('%')) return -BigInt(value.slice(0, -1))
  return spec.octal ? BigInt(`0o${value}`) : BigInt(value)
}

/** An integer directive; see NumericSpec for units, percent and octal forms. */
export function numericType(spec: NumericSpec): ValueType {
  const unit = spec.memory ? (spec.percent ? 'memory or N%' : 'memory') : spec.octal ? 'octal' : 'integer'
  const fmtBound = (b: bigint): string => (spec.octal ? `0${b.toString(8)}` : String(b))
  return {
    kind: spec.memory ? 'memory' : 'integer',
    multiArg: false,
    describe: `${unit} ${fmtBound(spec.min)}..${fmtBound(spec.max)}`,
    parse(args) {
      const r = readNumeric(spec, args[0] ?? '')
      if (typeof r === 'string') return { error: r }
      const err = boundsError(spec, r) ?? spec.validate?.(r) ?? null
      if (err) return { error: err }
      return { value: formatNumeric(spec, spec.normalize ? spec.normalize(r) : r) }
    },
    display: identity,
    rewrite(name, value, def) {
      const force = value !== def
      if (value.endsWith('%')) return [{ line: `${name} ${value}`, force }]
      // redis 7.0 prints memory through a signed long long (2^64-1 becomes "-1", which it
      // cannot read back); redoubt writes the unsigned value instead.
      const text = spec.memory ? formatMemoryForFile(BigInt(value)) : value
      return [{ line: `${name} ${text}`, force }]
    },
    toNumber: (value) => Number(numericToBigInt(spec, value)),
  }
}

// --- enum ---

/** Redis's configEnum: names (matched case-insensitively) and their values. */
export type EnumEntries = ReadonlyArray<readonly [name: string, value: number]>

/** Name of 'v' as Redis's configEnumGetName(): exact match first, else the flags it is made of. */
function enumName(entries: EnumEntries, v: number, bitflags: boolean): string {
  let names: string[] = []
  let unmatched = v
  for (const [name, val] of entries) {
    if (val === v) return name
    if (bitflags && val !== 0 && (unmatched & val) === val) {
      names.push(name)
      unmatched &= ~val
    }
  }
  if (names.length === 0 || unmatched !== 0) names = ['unknown']
  return names.join(' ')
}

/** The numeric value of an enum directive's canonical text (flags OR'ed). */
export function enumValue(entries: EnumEntries, value: string): number {
  let v = 0
  for (const word of value.split(' ')) {
    const hit = entries.find(([n]) => n === word)
    if (hit) v |= hit[1]
  }
  return v
}

/**
 * One of a fixed set of names. With 'bitflags' several names may be given and their values
 * are OR'ed (shutdown-on-sigint "nosave now"); Redis then lists the set names in table order.
 */
export function enumType(
  entries: EnumEntries,
  opts: { bitflags?: boolean; validate?: Validator<number> } = {},
): ValueType {
  const bitflags = opts.bitflags === true
  const list = entries.map(([n]) => n).join(', ')
  return {
    kind: 'enum',
    multiArg: bitflags,
    describe: bitflags ? `one or more of: ${list}` : `one of: ${list}`,
    parse(args) {
      let v = 0
      let ok = args.length > 0 && (bitflags || args.length === 1)
      for (const a of ok ? args : []) {
        const lower = cString(a).toLowerCase()
        const hit = entries.find(([n]) => n.toLowerCase() === lower)
        if (!hit) {
          ok = false
          break
        }
        v |= hit[1]
      }
      // Redis keeps this message in a 256-byte buffer.
      if (!ok) return { error: `argument(s) must be one of the following: ${list}`.slice(0, 255) }
      const err = opts.validate?.(v)
      return err ? { error: err } : { value: enumName(entries, v, bitflags) }
    },
    display: identity,
    rewrite: (name, value, def) => [{ line: `${name} ${value}`, force: value !== def }],
    toNumber: (value) => enumValue(entries, value),
  }
}

// --- string ---

/**
 * A string. With 'emptyIsNull' (Redis EMPTY_STRING_IS_NULL) an empty value means "unset":
 * CONFIG REWRITE then removes the directive's lines instead of writing `name ""`.
 */
export function stringType(opts: { emptyIsNull?: boolean; validate?: Validator<string> } = {}): ValueType {
  return {
    kind: 'string',
    multiArg: false,
    describe: 'string',
    parse(args) {
      const v = args[0] ?? ''
      const err = opts.validate?.(v)
      return err ? { error: err } : { value: v }
    },
    display: identity,
    rewrite(name, value, def) {
      if (opts.emptyIsNull && value === '') return []
      return [{ line: `${name} ${quoteConfigValue(value)}`, force: value !== def }]
    },
  }
}
