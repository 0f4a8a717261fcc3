/**
 * Seeded random sequences of set commands, run against redis-server and redoubt with small
 * encoding thresholds so conversions happen often, compared reply by reply: byte for byte where
 * Redis's order is fixed, in any order for hash tables, samples by shape and membership. A model
 * of the keys (test/diff/set-model.ts) decides which; OBJECT ENCODING steps check it.
 * Replay a failure with REDOUBT_SEED=<seed>.
 */

import { describe, it } from 'node:test'
import { type CompareMode, diffSuite, type Step } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'
import { sampleOf, wholeScan } from './collection-compare.js'
import { strictInt } from './hash-model.js'
import { SetModel } from './set-model.js'

const MAX_INTSET = 8
const random = diffSuite({ config: { 'set-max-intset-entries': MAX_INTSET } })

const KEYS = ['s0', 's1', 's2', 's3', 's4', 'str']
const MEMBERS = [
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '-1',
  '0',
  '100',
  'a',
  'b',
  'c',
  '007',
  '-0',
  '',
]

/** Builds one random step from the model's state, updating the model as redis-server will. */
function setStep(rng: Prng, i: number, m: SetModel): Step {
  if (i === 0) {
    m.setString('str')
    return ['SET', 'str', 'v']
  }
  const key = rng.pick(KEYS)
  const s = m.set(key)
  const some = (lo: number, hi: number): string[] => {
    const out: string[] = []
    for (let n = rng.range(lo, hi); n > 0; n--) out.push(rng.pick(MEMBERS))
    return out
  }
  const keys = (): string[] => {
    const out: string[] = []
    for (let n = rng.range(1, 3); n > 0; n--) out.push(rng.pick(KEYS))
    return out
  }
  const byOrder = (ordered: boolean): CompareMode => (ordered ? 'exact' : 'set')
  const r = rng.int(100)
  if (r < 22) {
    // s0 and s1 get integers only, so they grow past the intset limit as intsets.
    const intsOnly = key === 's0' || key === 's1' || rng.bool(0.5)
    const members = intsOnly ? some(1, 5).filter((x) => strictInt(x) !== null) : some(1, 4)
    if (members.length === 0) members.push('1')
    m.sadd(key, members)
    return ['SADD', key, ...members]
  }
  if (r < 32) {
    const members = some(1, 3)
    m.srem(key, members)
    return ['SREM', key, ...members]
  }
  if (r < 37) {
    const [dst, member] = [rng.pick(KEYS), rng.pick(MEMBERS)]
    m.smove(key, dst, member)
    return ['SMOVE', key, dst, member]
  }
  if (r < 43) return { cmd: ['SMEMBERS', key], mode: byOrder(!s || s.intset) }
  if (r < 47) return rng.bool() ? ['SISMEMBER', key, rng.pick(MEMBERS)] : ['SMISMEMBER', key, ...some(1, 4)]
  if (r < 49) return ['SCARD', key]
  if (r < 55) {
    const ks = keys()
    const built = m.inter(ks)
    if (rng.bool(0.4)) {
      const dst = rng.pick(KEYS)
      if (built) m.store(dst, built)
      return ['SINTERSTORE', dst, ...ks]
    }
    if (rng.bool(0.3))
      return [
        'SINTERCARD',
        String(ks.length),
        ...ks,
        ...(rng.bool() ? ['LIMIT', String(rng.range(0, 3))] : []),
      ]
    return { cmd: ['SINTER', ...ks], mode: byOrder(built?.ordered ?? true) }
  }
  if (r < 65) {
    const ks = keys()
    const diff = rng.bool()
    const built = m.unionDiff(ks, diff)
    if (rng.bool(0.4)) {
      const dst = rng.pick(KEYS)
      if (built) m.store(dst, built)
      return [diff ? 'SDIFFSTORE' : 'SUNIONSTORE', dst, ...ks]
    }
    return { cmd: [diff ? 'SDIFF' : 'SUNION', ...ks], mode: byOrder(built?.ordered ?? true) }
  }
  if (r < 75) {
    // SRANDMEMBER: exact where Redis is deterministic, else a sample of the current members.
    if (!s) return ['SRANDMEMBER', key, ...(rng.bool() ? [String(rng.range(-3, 3))] : [])]
    const pool = new Set(s.members)
    if (rng.bool(0.15)) return { cmd: ['SRANDMEMBER', key], mode: sampleOf(pool, true) }
    const count = rng.range(-12, 12)
    const cmd = ['SRANDMEMBER', key, String(count)]
    if (count === 0) return cmd
    if (count > 0 && count >= pool.size) return { cmd, mode: byOrder(s.intset) }
    return { cmd, mode: sampleOf(pool, count > 0) }
  }
  if (r < 80) {
    // SPOP only where the outcome is fixed: the whole set, or its only member.
    if (!s) return ['SPOP', key, ...(rng.bool() ? ['2'] : [])]
    const built = m.unionDiff([key], false)
    if (s.members.size === 1 && rng.bool()) {
      m.del(key)
      return ['SPOP', key]
    }
    m.del(key)
    return { cmd: ['SPOP', key, String(s.members.size + rng.int(3))], mode: byOrder(built?.ordered ?? true) }
  }
  if (r < 85) {
    const args = ['SSCAN', key, '0', 'COUNT', '1000']
    if (rng.bool(0.4)) args.push('MATCH', rng.pick(['*', '1*', '[a-c]', '?', '*0*']))
    return { cmd: args, mode: !s || s.intset ? 'exact' : wholeScan(false) }
  }
  if (r < 93) return ['OBJECT', 'ENCODING', key]
  if (r < 96) {
    m.del(key)
    return ['DEL', key]
  }
  return ['TYPE', key]
}

describe(`random sequences (set-max-intset-entries ${MAX_INTSET})`, () => {
  it('3000 random set commands over six keys agree with redis-server', (t) => {
    const m = new SetModel(MAX_INTSET)
    return random.diffRandom(t, 0x5e75, 3000, (rng, i) => setStep(rng, i, m))
  })

  it('another 1500 in RESP3', (t) => {
    const m = new SetModel(MAX_INTSET)
    return random.diffRandom(t, 0x5e76, 1500, (rng, i) => setStep(rng, i, m), { resp3: true })
  })
})
