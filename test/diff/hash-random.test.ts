/**
 * Seeded random sequences of hash commands, run against redis-server and redoubt with small
 * encoding thresholds so conversions happen often, compared reply by reply: byte for byte where
 * Redis's order is fixed, in any order for hash tables, samples by shape and membership. A model
 * of the keys (test/diff/hash-model.ts) decides which; OBJECT ENCODING steps check it.
 * Replay a failure with REDOUBT_SEED=<seed>.
 */

import { describe, it } from 'node:test'
import { type CompareMode, diffSuite, type Step, sameShape } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'
import { sampleOf, wholeScan } from './collection-compare.js'
import { HashModel } from './hash-model.js'

/** HSET key f0 v0 f1 v1 ... with 'n' fields. */
function hsetMany(key: string, n: number): string[] {
  const argv = ['HSET', key]
  for (let i = 0; i < n; i++) argv.push(`f${i}`, `v${i}`)
  return argv
}

const R_LIMITS = { entries: 8, value: 16 }
const random = diffSuite({
  config: { 'hash-max-listpack-entries': R_LIMITS.entries, 'hash-max-listpack-value': R_LIMITS.value },
})

const KEYS = ['h0', 'h1', 'h2', 'h3', 'str']
const FIELDS = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', '1', '-2', '007', 'F'.repeat(17)]
const VALUES = [
  '0',
  '1',
  '-5',
  '10',
  'x',
  '3.5',
  '',
  'abc',
  '1e3',
  'v'.repeat(17),
  '9223372036854775807',
  '-9223372036854775808',
]
const INCRS = ['1', '-1', '5', '100', '0', '9223372036854775807', 'x', '1.5']
const FINCRS = ['0.5', '-1.25', '3', '1e2', '0x10', 'inf', 'abc', '-0.5']
const PATTERNS = ['*', 'f*', 'f[0-4]', '?', '*1*', 'nomatch']

/** Builds one random step from the model's state, updating the model as redis-server will. */
function hashStep(rng: Prng, i: number, m: HashModel, resp3: boolean): Step {
  if (i === 0) {
    m.setString('str')
    return ['SET', 'str', 'v']
  }
  const key = rng.pick(KEYS)
  const h = m.hash(key)
  const field = (): string => rng.pick(FIELDS)
  const ordered = (exactMode: CompareMode, unordered: CompareMode): CompareMode =>
    h && !h.listpack ? unordered : exactMode
  const r = rng.int(100)
  if (r < 22) {
    const pairs: string[] = []
    for (let n = rng.range(1, 3); n > 0; n--) pairs.push(field(), rng.pick(VALUES))
    m.hset(key, pairs)
    return [rng.bool(0.8) ? 'HSET' : 'HMSET', key, ...pairs]
  }
  if (r < 27) {
    const [f, v] = [field(), rng.pick(VALUES)]
    m.hsetnx(key, f, v)
    return ['HSETNX', key, f, v]
  }
  if (r < 37) {
    const fields: string[] = []
    for (let n = rng.range(1, 3); n > 0; n--) fields.push(field())
    m.hdel(key, fields)
    return ['HDEL', key, ...fields]
  }
  if (r < 45) {
    const [f, by] = [field(), rng.pick(INCRS)]
    m.hincrby(key, f, by)
    return ['HINCRBY', key, f, by]
  }
  if (r < 51) {
    const [f, by] = [field(), rng.pick(FINCRS)]
    m.hincrbyfloat(key, f, by)
    return ['HINCRBYFLOAT', key, f, by]
  }
  if (r < 55) return ['HGET', key, field()]
  if (r < 58) return ['HMGET', key, field(), field(), field()]
  if (r < 61) return [rng.pick(['HEXISTS', 'HSTRLEN']), key, field()]
  if (r < 63) return ['HLEN', key]
  if (r < 70) return { cmd: ['HGETALL', key], mode: ordered('exact', resp3 ? 'set' : 'pairs') }
  if (r < 74) return { cmd: [rng.pick(['HKEYS', 'HVALS']), key], mode: ordered('exact', 'set') }
  if (r < 78) {
    const args = ['HSCAN', key, '0', 'COUNT', '1000']
    if (rng.bool(0.4)) args.push('MATCH', rng.pick(PATTERNS))
    return { cmd: args, mode: ordered('exact', wholeScan(true)) }
  }
  if (r < 90) {
    // HRANDFIELD: exact where Redis is deterministic, else a sample of the current content.
    if (!h) return ['HRANDFIELD', key, ...(rng.bool() ? [String(rng.range(-3, 3))] : [])]
    const pool = new Map(h.map)
    const withValues = rng.bool(0.4)
    const layout = withValues ? (resp3 ? 'nested-pairs' : 'flat-pairs') : 'single'
    const extra = withValues ? ['WITHVALUES'] : []
    if (rng.bool(0.15)) return { cmd: ['HRANDFIELD', key], mode: sampleOf(pool, true) }
    const count = rng.range(-12, 12)
    const cmd = ['HRANDFIELD', key, String(count), ...extra]
    if (count === 0) return cmd
    if (count > 0 && count >= pool.size) {
      return { cmd, mode: ordered('exact', withValues && !resp3 ? 'pairs' : 'set') }
    }
    return { cmd, mode: sampleOf(pool, count > 0, layout) }
  }
  if (r < 93) {
    m.del(key)
    return ['DEL', key]
  }
  if (r < 96) return ['OBJECT', 'ENCODING', key]
  return ['TYPE', key]
}

describe('random sequences (hash-max-listpack-entries 8, hash-max-listpack-value 16)', () => {
  it('3000 random hash commands over five keys agree with redis-server', (t) => {
    const m = new HashModel(R_LIMITS)
    return random.diffRandom(t, 0x4a54, 3000, (rng, i) => hashStep(rng, i, m, false))
  })

  it('another 1500 in RESP3', (t) => {
    const m = new HashModel(R_LIMITS)
    return random.diffRandom(t, 0x4a55, 1500, (rng, i) => hashStep(rng, i, m, true), { resp3: true })
  })

  it('small thresholds: conversion on the 9th field and on a 17-byte string', (t) =>
    random.diffScript(t, [
      hsetMany('h', 8),
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
      ['HSET', 'h', 'f8', 'x'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'g', 'f', 'x'.repeat(16)],
      ['OBJECT', 'ENCODING', 'g'],
      ['HSET', 'g', 'f', 'x'.repeat(17)],
      ['OBJECT', 'ENCODING', 'g'],
      sameShape('HRANDFIELD', 'h', '-5'),
    ]))
})
