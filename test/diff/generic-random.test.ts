/**
 * A seeded random sequence of generic (keyspace) commands over a few keys and two databases,
 * run against redis-server and redoubt with every reply compared: exactly, as sets for KEYS
 * and SCAN, nil-or-not for RANDOMKEY, and within a tolerance for TTLs set relative to the
 * clock. No TTL in the sequence is short enough to expire during the run, and GT/LT only meet
 * absolute times, so no reply depends on timing. Replay a failure with REDOUBT_SEED=<seed>.
 */

import { describe, it } from 'node:test'
import { type CompareMode, diffSuite, type Step } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'
import { decodeReply } from '../helpers/resp-decode.js'

const { diffRandom } = diffSuite()

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'b\x00\xff']
const VALUES = ['0', '1', '9999', '10000', '-5', '007', 'abc', '', '3.5', 'x'.repeat(44), 'y'.repeat(60)]
/** Absolute times (s) far in the future, distinct so GT/LT outcomes are fixed. */
const AT_S = ['4102444800', '4102444900', '4102445000']
const AT_MS = ['4102444800500', '4102444850000', '9223372036854775807']
/** Relative times: immediate deletion or at least 100 s, never a tie with each other. */
const REL_S = ['-5', '0', '100', '1000', '100000']
const REL_MS = ['-1', '0', '200000', '3000000']
const PATTERNS = ['*', 'k*', 'k[0-3]', 'k?', '*1*', 'b*', '[^k]*', 'nomatch']

/** Integer replies within 'tol' of each other; anything else must be equal. */
function near(tol: number): CompareMode {
  return (redis, redoubt) => {
    const a = decodeReply(redis)
    const b = decodeReply(redoubt)
    if (typeof a === 'number' && typeof b === 'number')
      return Math.abs(a - b) <= tol ? undefined : `differ by ${Math.abs(a - b)}`
    // TTLs near 2^63 ms decode as bigints: the same tolerance applies.
    if (
      (typeof a === 'number' || typeof a === 'bigint') &&
      (typeof b === 'number' || typeof b === 'bigint')
    ) {
      const d = BigInt(a) - BigInt(b)
      const abs = d < 0n ? -d : d
      return abs <= BigInt(tol) ? undefined : `differ by ${abs}`
    }
    return redis.equals(redoubt) ? undefined : 'replies differ'
  }
}

/** RANDOMKEY: both nil or both a key (which one is random). */
const nilOrNot: CompareMode = (redis, redoubt) => {
  const nil = (b: Buffer): boolean => b.toString('latin1') === '$-1\r\n'
  return nil(redis) === nil(redoubt) ? undefined : 'one side answered nil'
}

function keys(rng: Prng, min: number, max: number): string[] {
  const n = rng.range(min, max)
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(rng.pick(KEYS))
  return out
}

/** A subset of the EXPIRE options, sometimes an invalid combination or an unknown word. */
function expireOptions(rng: Prng, absolute: boolean): string[] {
  const r = rng.next()
  if (r < 0.4) return []
  if (r < 0.55) return [rng.pick(['NX', 'nx'])]
  if (r < 0.7) return ['XX']
  if (r < 0.85) return absolute ? [rng.pick(['GT', 'LT', 'gt'])] : ['XX', 'NX']
  if (r < 0.9) return absolute ? ['XX', rng.pick(['GT', 'LT'])] : ['GT', 'LT']
  return [rng.pick(['NX', 'GT', 'LT', 'ZZ']), rng.pick(['XX', 'LT', 'FOO'])]
}

function step(rng: Prng): Step {
  const k = rng.pick(KEYS)
  const r = rng.int(100)
  if (r < 14) {
    const v = rng.pick(VALUES)
    const extra = rng.pick([
      [],
      [],
      [],
      ['EX', '1000'],
      ['PX', '500000'],
      ['KEEPTTL'],
      ['EXAT', AT_S[0]!],
      ['NX'],
      ['XX'],
    ])
    return ['SET', k, v, ...extra]
  }
  if (r < 18) return [rng.pick(['DEL', 'UNLINK', 'del']), ...keys(rng, 1, 3)]
  if (r < 22) return ['EXISTS', ...keys(rng, 1, 4)]
  if (r < 24) return ['TOUCH', ...keys(rng, 1, 3)]
  if (r < 27) return ['TYPE', k]
  if (r < 29) return ['DBSIZE']
  if (r < 31) return { cmd: ['KEYS', rng.pick(PATTERNS)], mode: 'set' }
  if (r < 34) {
    const opts: string[] = ['COUNT', '1000']
    if (rng.bool(0.4)) opts.push('MATCH', rng.pick(PATTERNS))
    if (rng.bool(0.3)) opts.push('TYPE', rng.pick(['string', 'STRING', 'list', 'none']))
    return { cmd: ['SCAN', '0', ...opts], mode: 'deep-set' }
  }
  if (r < 36) return { cmd: ['RANDOMKEY'], mode: nilOrNot }
  if (r < 40) return [rng.pick(['RENAME', 'RENAMENX']), k, rng.pick(KEYS)]
  if (r < 43) return ['MOVE', k, rng.pick(['0', '1', '1', '16', 'x'])]
  if (r < 46) {
    const extra: string[] = []
    if (rng.bool(0.4)) extra.push('DB', rng.pick(['0', '1', '1']))
    if (rng.bool(0.4)) extra.push('REPLACE')
    return ['COPY', k, rng.pick(KEYS), ...extra]
  }
  if (r < 48) return ['SELECT', rng.pick(['0', '1'])]
  if (r < 49) return ['SWAPDB', '0', '1']
  if (r < 50 && rng.bool(0.3))
    return [rng.pick(['FLUSHDB', 'FLUSHALL']), ...rng.pick([[], ['SYNC'], ['ASYNC']])]
  // REFCOUNT tells shared small integers from the private copies COPY makes.
  if (r < 53) return ['OBJECT', rng.pick(['ENCODING', 'REFCOUNT', 'encoding']), k]
  if (r < 56) return ['GET', k]
  if (r < 62) return ['EXPIRE', k, rng.pick(REL_S), ...expireOptions(rng, false)]
  if (r < 66) return ['PEXPIRE', k, rng.pick(REL_MS), ...expireOptions(rng, false)]
  if (r < 71) return ['EXPIREAT', k, rng.pick([...AT_S, '1', '-1']), ...expireOptions(rng, true)]
  if (r < 76) return ['PEXPIREAT', k, rng.pick([...AT_MS, '0']), ...expireOptions(rng, true)]
  if (r < 80) return { cmd: ['TTL', k], mode: near(1) }
  if (r < 83) return { cmd: ['PTTL', k], mode: near(1000) }
  if (r < 86) return { cmd: ['EXPIRETIME', k], mode: near(1) }
  if (r < 89) return { cmd: ['PEXPIRETIME', k], mode: near(1000) }
  if (r < 93) return ['PERSIST', k]
  return ['EXISTS', k]
}

describe('random generic command sequences against redis-server', () => {
  it('3000 mixed keyspace commands give the same replies', (t) =>
    diffRandom(t, 0x6e4e21c, 3000, (rng) => step(rng)))

  it('another seed, in RESP3', (t) => diffRandom(t, 0x5eed2, 1500, (rng) => step(rng), { resp3: true }))
})
