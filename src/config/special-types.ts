/**
 * The directives whose values have their own grammar in Redis 7.0 (config.c "special
 * configs"): save, client-output-buffer-limit, oom-score-adj-values, notify-keyspace-events,
 * bind, replicaof, latency-tracking-info-percentiles and dir. Error texts are Redis's.
 */

import { resolve } from 'node:path'
import { parseDouble } from '../util/parse-double.js'
import { formatKeyspaceEvents, NOTIFY, NOTIFY_CLASS_ERROR, parseKeyspaceEvents } from './keyspace-events.js'
import { formatMemoryForFile, formatTrimmedDouble, parseCStrtoll, parseMemory } from './parse-number.js'
import { quoteConfigValue } from './quote.js'
import type { ParseResult, RewriteLine, ValueType } from './value-types.js'

const identity = (v: string): string => v
const WRONG_ARGS = 'wrong number of arguments'

/** Splits a canonical list value ("3600 1 300 100") into its words; "" is no words. */
function words(value: string): string[] {
  return value === '' ? [] : value.split(' ')
}

// --- save ---

const SAVE_ERROR = 'Invalid save parameters'

/**
 * 'save <seconds> <changes> [...]' or 'save ""'. Numbers are read with strtoll (so "+5" and
 * "05" pass), seconds >= 1, changes >= 0. In a config file the first 'save' line replaces the
 * default and later lines add to it, while 'save ""' always clears (redis 7.0.15).
 */
export const saveType: ValueType = {
  kind: 'special',
  multiArg: true,
  describe: '"" or pairs of <seconds> <changes>',
  parse(args, ctx) {
    let a = args
    let cleared = false
    if (a.length === 1 && a[0] === '') {
      a = []
      cleared = true
    }
    if (a.length % 2 !== 0) return { error: SAVE_ERROR }
    const nums: bigint[] = []
    for (let j = 0; j < a.length; j++) {
      const r = parseCStrtoll(a[j]!)
      if (r === null || (j % 2 === 0 && r.value < 1n) || (j % 2 === 1 && r.value < 0n))
        return { error: SAVE_ERROR }
      // 'changes' is a C int: strtoll's result is truncated to 32 bits.
      nums.push(j % 2 === 0 ? r.value : BigInt.asIntN(32, r.value))
    }
    const keep = ctx.mode === 'file' && ctx.seenInLoad && !cleared ? words(ctx.current) : []
    return { value: [...keep, ...nums.map(String)].join(' ') }
  },
  display: identity,
  rewrite(name, value) {
    const w = words(value)
    if (w.length === 0) return [{ line: `${name} ""`, force: true }]
    const out: RewriteLine[] = []
    for (let i = 0; i + 1 < w.length; i += 2) out.push({ line: `${name} ${w[i]} ${w[i + 1]}`, force: true })
    return out
  },
}

/** The (seconds, changes) pairs of a 'save' value. */
export function saveParams(value: string): Array<[seconds: number, changes: number]> {
  const w = words(value).map(Number)
  const out: Array<[number, number]> = []
  for (let i = 0; i + 1 < w.length; i += 2) out.push([w[i]!, w[i + 1]!])
  return out
}

// --- client-output-buffer-limit ---

/** Client classes in Redis's order; 'slave' is the name CONFIG GET uses, 'replica' the file's. */
const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const
const OBUF_ALIASES: ReadonlyMap<string, number> = new Map([
  ['normal', 0],
  ['slave', 1],
  ['replica', 1],
  ['pubsub', 2],
])

/** One class's limits: hard and soft bytes, soft seconds. */
export interface OutputBufferLimit {
  readonly hard: bigint
  readonly soft: bigint
  readonly seconds: number
}

/** Parses a canonical 'client-output-buffer-limit' value into its three classes. */
export function outputBufferLimits(value: string): Record<(typeof OBUF_CLASSES)[number], OutputBufferLimit> {
  const w = words(value)
  const get = (i: number): OutputBufferLimit => ({
    hard: BigInt(w[i * 4 + 1] ?? '0'),
    soft: BigInt(w[i * 4 + 2] ?? '0'),
    seconds: Number(w[i * 4 + 3] ?? '0'),
  })
  return { normal: get(0), slave: get(1), pubsub: get(2) }
}

/**
 * 'client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [...]': classes normal,
 * replica (or slave) and pubsub, case-insensitive; only the classes given change. The whole
 * value is checked before anything is set.
 */
export const clientOutputBufferLimitType: ValueType = {
  kind: 'special',
  multiArg: true,
  describe: '<class> <hard> <soft> <seconds> ... (classes normal, replica, pubsub)',
  parse(args, ctx) {
    if (args.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' }
    const cur = words(ctx.current)
    for (let j = 0; j < args.length; j += 4) {
      const cls = OBUF_ALIASES.get(args[j]!.toLowerCase())
      if (cls === undefined) return { error: 'Invalid client class specified in buffer limit configuration.' }
      const hard = parseMemory(args[j + 1]!)
      const soft = parseMemory(args[j + 2]!)
      const secs = parseCStrtoll(args[j + 3]!)
      // soft_seconds is a C int, assigned from strtoll before the sign check.
      const seconds = secs === null ? -1n : BigInt.asIntN(32, secs.value)
      if (hard === null || soft === null || seconds < 0n)
        return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' }
      cur.splice(cls * 4, 4, OBUF_CLASSES[cls]!, String(hard), String(soft), String(seconds))
    }
    return { value: cur.join(' ') }
  },
  display: identity,
  rewrite(name, value, def) {
    const now = words(value)
    const base = words(def)
    const out: RewriteLine[] = []
    for (let i = 0; i < 3; i++) {
      const q = now.slice(i * 4, i * 4 + 4)
      const force = q.join(' ') !== base.slice(i * 4, i * 4 + 4).join(' ')
      const cls = i === 1 ? 'replica' : q[0]
      const hard = formatMemoryForFile(BigInt(q[1] ?? '0'))
      const soft = formatMemoryForFile(BigInt(q[2] ?? '0'))
      out.push({ line: `${name} ${cls} ${hard} ${soft} ${q[3]}`, force })
    }
    return out
  },
}

// --- oom-score-adj-values ---

/** Three integers -2000..2000, for the master, replica and background child processes. */
export const oomScoreAdjValuesType: ValueType = {
  kind: 'special',
  multiArg: true,
  describe: '<master> <replica> <bgchild>, each -2000..2000',
  parse(args) {
    if (args.length !== 3) return { error: WRONG_ARGS }
    const vals: bigint[] = []
    for (const a of args) {
      const r = parseCStrtoll(a)
      if (r === null || r.value < -2000n || r.value > 2000n)
        return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' }
      vals.push(r.value)
    }
    return { value: vals.join(' ') }
  },
  display: identity,
  rewrite: (name, value, def) => [{ line: `${name} ${value}`, force: value !== def }],
}

// --- notify-keyspace-events ---

/**
 * Class characters as in keyspace-events.ts. The stored text is CONFIG GET's, plus a final
 * 'n' after an "A..." text when the new-key class is set: Redis keeps that bit but does not
 * print it next to A.
 */
export const notifyKeyspaceEventsType: ValueType = {
  kind: 'special',
  multiArg: false,
  describe: 'class characters from Ag$lshzxeKEtmdn',
  parse(args): ParseResult {
    if (args.length !== 1) return { error: WRONG_ARGS }
    const flags = parseKeyspaceEvents(args[0]!)
    if (flags === null) return { error: NOTIFY_CLASS_ERROR }
    const shown = formatKeyspaceEvents(flags)
    return { value: shown + (shown.startsWith('A') && flags & NOTIFY.NEW ? 'n' : '') }
  },
  display: showKeyspaceEvents,
  rewrite: (name, value) => [
    { line: `${name} ${quoteConfigValue(showKeyspaceEvents(value))}`, force: value !== '' },
  ],
  toNumber: (value) => parseKeyspaceEvents(value) ?? 0,
}

function showKeyspaceEvents(value: string): string {
  return value.startsWith('A') && value.endsWith('n') ? value.slice(0, -1) : value
}

// --- bind ---

/** Most addresses 'bind' takes (Redis CONFIG_BINDADDR_MAX). */
export const CONFIG_BINDADDR_MAX = 16

/**
 * Addresses to listen on; a '-' prefix marks an optional one, '*' every IPv4 address; 'bind ""'
 * listens nowhere. Whether they can be bound is the server's business (its onChange hook).
 */
export const bindType: ValueType = {
  kind: 'special',
  multiArg: true,
  describe: 'up to 16 addresses',
  parse(args) {
    if (args.length > CONFIG_BINDADDR_MAX) return { error: 'Too many bind addresses specified.' }
    const list = args.length === 1 && args[0] === '' ? [] : args
    return { value: list.join(' ') }
  },
  display: identity,
  rewrite(name, value, def) {
    if (value === def) return []
    return [{ line: `${name} ${value === '' ? '""' : value}`, force: true }]
  },
}

// --- replicaof ---

/** 'replicaof <host> <port>' or 'replicaof no one'; stored as "host port" or "". */
export const replicaofType: ValueType = {
  kind: 'special',
  multiArg: true,
  describe: '<host> <port> | no one',
  parse(args) {
    if (args.length !== 2) return { error: WRONG_ARGS }
    const [host, port] = args as [string, string]
    if (host.toLowerCase() === 'no' && port.toLowerCase() === 'one') return { value: '' }
    const p = parseCStrtoll(port)
    if (p === null || p.value < 0n || p.value > 65535n) return { error: 'Invalid master port' }
    return { value: `${host} ${p.value}` }
  },
  display: identity,
  rewrite: (name, value) => (value === '' ? [] : [{ line: `${name} ${value}`, force: true }]),
}

// --- latency-tracking-info-percentiles ---

/** Percentiles 0.0..100.0 shown by INFO latencystats; 'latency-tracking-info-percentiles ""' is none. */
export const latencyPercentilesType: ValueType = {
  kind: 'special',
  multiArg: true,
  describe: 'percentiles 0.0..100.0, or ""',
  parse(args) {
    const list = args.length === 1 && args[0] === '' ? [] : args
    const out: string[] = []
    for (const a of list) {
      const d = parseDouble(a)
      if (d === null) return { error: 'Invalid latency-tracking-info-percentiles parameters' }
      if (d > 100 || d < 0)
        return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' }
      out.push(formatTrimmedDouble(d))
    }
    return { value: out.join(' ') }
  },
  display: identity,
  // Redis always writes this one, even at its default.
  rewrite: (name, value) => [{ line: `${name} ${value === '' ? '""' : value}`, force: true }],
}

// --- dir ---

/**
 * The working directory, stored as an absolute path resolved against the current one (Redis
 * chdir()s at once and CONFIG GET prints getcwd()). Whether the directory exists is checked
 * by the store's 'checkDir' option; changing the process's directory is the server's hook.
 */
export const dirType: ValueType = {
  kind: 'special',
  multiArg: false,
  describe: 'directory path',
  parse(args, ctx) {
    if (args.length !== 1) return { error: WRONG_ARGS }
    // chdir("") fails with ENOENT.
    if (args[0] === '') return { error: 'No such file or directory' }
    return { value: resolve(ctx.current, args[0]!) }
  },
  display: identity,
  // Always written, as an absolute path.
  rewrite: (name, value) => [{ line: `${name} ${quoteConfigValue(value)}`, force: true }],
}
