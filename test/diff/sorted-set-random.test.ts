/**
 * Seeded random sequences of sorted-set commands over a small key space, compared reply by
 * reply with redis-server in RESP2 and RESP3 (replay a failure with REDOUBT_SEED). Keys grow
 * past the listpack limits now and then, so both encodings and the conversion are exercised.
 * Lex commands only touch key 'L', whose members all score 0 (lex ranges over mixed scores
 * depend on a skiplist's random levels in Redis itself); ZRANDMEMBER is left out (random).
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step } from '../helpers/diff.js'
import type { Prng } from '../helpers/prng.js'

const { diffRandom } = diffSuite()

const KEYS = ['z0', 'z1', 'z2', 'z3']
const ANY_KEYS = [...KEYS, 'missing', 's0', 'str']
const SCORES = ['0', '1', '2', '-1', '1.5', '0.1', '-0', 'inf', '-inf', '3e5', '(1', 'x']
const OPTIONS = ['NX', 'XX', 'GT', 'LT', 'CH', 'INCR']

function member(rng: Prng): string {
  return rng.bool(0.05) ? 'L'.repeat(rng.range(60, 70)) : rng.string(rng.range(1, 2), 'abcdefgh')
}

function score(rng: Prng): string {
  return rng.bool(0.3) ? String(rng.range(-20, 20) / 2) : rng.pick(SCORES)
}

function bound(rng: Prng): string {
  const b = rng.pick(['-inf', '+inf', '0', '1', '(1', '2', '(0', '-1', '0.5', '(1.5', '10', 'a'])
  return rng.bool(0.9) ? b : rng.pick(['', '(', 'nan', '1e400'])
}

function lexBound(rng: Prng): string {
  return rng.bool(0.2)
    ? rng.pick(['-', '+', 'a', ''])
    : rng.pick(['[', '(']) + rng.string(rng.range(0, 2), 'abcde')
}

function index(rng: Prng): string {
  return String(rng.range(-8, 8))
}

function limit(rng: Prng): string[] {
  return rng.bool(0.3) ? ['LIMIT', String(rng.range(-1, 4)), String(rng.range(-1, 5))] : []
}

function keys(rng: Prng): string[] {
  const n = rng.range(1, 3)
  const out = [String(n)]
  for (let i = 0; i < n; i++) out.push(rng.pick(ANY_KEYS))
  return out
}

/** One random command. */
function step(rng: Prng): Step {
  const k = rng.pick(KEYS)
  switch (rng.int(24)) {
    case 0:
    case 1:
    case 2: {
      const argv = ['ZADD', k]
      for (const o of OPTIONS) if (rng.bool(0.1)) argv.push(o)
      for (let i = rng.range(1, 4); i > 0; i--) argv.push(score(rng), member(rng))
      return argv
    }
    case 3:
      return ['ZINCRBY', k, score(rng), member(rng)]
    case 4:
      return ['ZREM', k, member(rng), member(rng)]
    case 5:
      return rng.pick([
        ['ZCARD', rng.pick(ANY_KEYS)],
        ['ZSCORE', k, member(rng)],
        ['ZMSCORE', k, member(rng), member(rng)],
        ['ZRANK', k, member(rng)],
        ['ZREVRANK', rng.pick(ANY_KEYS), member(rng)],
      ])
    case 6:
      return ['ZCOUNT', k, bound(rng), bound(rng)]
    case 7: {
      const argv = ['ZRANGE', rng.pick(ANY_KEYS), index(rng), index(rng)]
      if (rng.bool()) argv.push('REV')
      if (rng.bool()) argv.push('WITHSCORES')
      return argv
    }
    case 8: {
      const argv = ['ZRANGE', k, bound(rng), bound(rng), 'BYSCORE', ...limit(rng)]
      if (rng.bool()) argv.push('REV')
      if (rng.bool()) argv.push('WITHSCORES')
      return argv
    }
    case 9: {
      const cmd = rng.pick(['ZRANGEBYSCORE', 'ZREVRANGEBYSCORE'])
      const argv = [cmd, k, bound(rng), bound(rng)]
      if (rng.bool()) argv.push('WITHSCORES')
      return [...argv, ...limit(rng)]
    }
    case 10:
      return ['ZREVRANGE', k, index(rng), index(rng), ...(rng.bool() ? ['WITHSCORES'] : [])]
    case 11: {
      const dst = rng.pick(ANY_KEYS.filter((x) => x !== 'missing'))
      const kind = rng.int(3)
      if (kind === 0) return ['ZRANGESTORE', dst, k, index(rng), index(rng), ...(rng.bool() ? ['REV'] : [])]
      return ['ZRANGESTORE', dst, k, bound(rng), bound(rng), 'BYSCORE', ...limit(rng)]
    }
    case 12:
      return rng.bool()
        ? ['ZREMRANGEBYRANK', k, index(rng), index(rng)]
        : ['ZREMRANGEBYSCORE', k, bound(rng), bound(rng)]
    case 13: {
      const argv = [rng.pick(['ZPOPMIN', 'ZPOPMAX']), rng.pick(ANY_KEYS)]
      if (rng.bool()) argv.push(String(rng.range(-1, 4)))
      return argv
    }
    case 14:
      return [
        'ZMPOP',
        ...keys(rng),
        rng.pick(['MIN', 'MAX']),
        ...(rng.bool() ? ['COUNT', String(rng.range(0, 3))] : []),
      ]
    case 15:
    case 16: {
      const op = rng.pick(['ZUNION', 'ZINTER', 'ZDIFF'])
      const store = rng.bool()
      const argv = store ? [`${op}STORE`, rng.pick(KEYS)] : [op]
      const ks = keys(rng)
      argv.push(...ks)
      if (op !== 'ZDIFF' && rng.bool(0.4)) {
        argv.push('WEIGHTS')
        for (let i = 1; i < ks.length; i++) argv.push(rng.pick(['1', '2', '-1', '0', '0.5', 'inf']))
      }
      if (op !== 'ZDIFF' && rng.bool(0.3)) argv.push('AGGREGATE', rng.pick(['SUM', 'MIN', 'MAX']))
      if (!store && rng.bool()) argv.push('WITHSCORES')
      return argv
    }
    case 17:
      return ['ZINTERCARD', ...keys(rng), ...(rng.bool() ? ['LIMIT', String(rng.range(0, 3))] : [])]
    case 18:
      return [
        'ZADD',
        'L',
        '0',
        rng.string(rng.range(1, 2), 'abcde'),
        '0',
        rng.string(rng.range(0, 3), 'abcde'),
      ]
    case 19: {
      const cmd = rng.pick(['ZRANGEBYLEX', 'ZREVRANGEBYLEX', 'ZLEXCOUNT', 'ZREMRANGEBYLEX'])
      const argv = [cmd, 'L', lexBound(rng), lexBound(rng)]
      return cmd.endsWith('BYLEX') && cmd.startsWith('ZR') && !cmd.startsWith('ZREM')
        ? [...argv, ...limit(rng)]
        : argv
    }
    case 20:
      return rng.pick([
        ['ZRANGE', 'L', lexBound(rng), lexBound(rng), 'BYLEX', ...limit(rng), ...(rng.bool() ? ['REV'] : [])],
        ['ZSCAN', 'L', '0', ...(rng.bool() ? ['MATCH', `${rng.string(1, 'abc')}*`] : [])],
        ['ZREM', 'L', rng.string(rng.range(1, 2), 'abcde')],
        ['ZPOPMIN', 'L'],
      ])
    case 21: {
      // Grow a key past the listpack limit (or not quite).
      const argv = ['ZADD', k]
      const n = rng.range(100, 140)
      for (let i = 0; i < n; i++) argv.push(String(rng.range(0, 50)), `b${i}`)
      return argv
    }
    case 22:
      return rng.pick([
        ['DEL', k],
        ['OBJECT', 'ENCODING', k],
        ['SADD', 's0', member(rng), member(rng)],
        ['TYPE', k],
      ])
    default:
      return rng.pick([
        ['ZRANGE', k, '0', '-1', 'WITHSCORES'],
        ['ZCARD', k],
        ['SET', 'str', 'v'],
      ])
  }
}

describe('random sorted-set command sequences', () => {
  it('3000 random commands over a few keys reply exactly as redis-server does (RESP2)', (t) =>
    diffRandom(t, 20240611, 3000, (rng) => step(rng)))

  it('2000 random commands over a few keys reply exactly as redis-server does (RESP3)', (t) =>
    diffRandom(t, 777, 2000, (rng) => step(rng), { resp3: true }))

  it('a second seed, RESP2', (t) => diffRandom(t, 4242, 2000, (rng) => step(rng)))
})
