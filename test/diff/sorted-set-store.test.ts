/**
 * Differential tests of the sorted-set algebra against redis-server: ZUNION, ZUNIONSTORE,
 * ZINTER, ZINTERSTORE, ZINTERCARD, ZDIFF, ZDIFFSTORE with WEIGHTS, AGGREGATE, WITHSCORES,
 * LIMIT, plain sets as inputs, missing and repeated keys, NaN and infinity rules, the order
 * in which SUM adds, result encodings, and every error text, in RESP2 and RESP3.
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step, type TestLike } from '../helpers/diff.js'

const { diffScript } = diffSuite()

async function both(t: TestLike, script: readonly Step[]): Promise<void> {
  await diffScript(t, script)
  await diffScript(t, script, { resp3: true })
}

const SETUP: Step[] = [
  ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'],
  ['ZADD', 'z2', '10', 'b', '20', 'c', '30', 'd'],
  ['ZADD', 'z3', '0.5', 'c', '100', 'e'],
  ['SADD', 's1', 'a', 'c', 'x'],
  ['SADD', 'ints', '1', '2', '3'],
  ['SET', 'str', 'v'],
]

describe('ZUNION and ZUNIONSTORE', () => {
  it('unite sorted sets and sets with weights and every aggregate', (t) =>
    both(t, [
      ...SETUP,
      ['ZUNION', '2', 'z1', 'z2'],
      ['ZUNION', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZUNION', '3', 'z1', 'z2', 'z3', 'WEIGHTS', '1', '2', '-1', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'max', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 'z2', 'aggregate', 'sum', 'weights', '0.5', '2', 'withscores'],
      ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '1', '1', 'WEIGHTS', '2', '2', 'WITHSCORES'],
      ['ZUNION', '2', 'z1', 's1', 'WITHSCORES'],
      ['ZUNION', '2', 'ints', 's1', 'WEIGHTS', '3', '4', 'WITHSCORES'],
      ['ZUNION', '3', 'z1', 'missing', 'z1', 'WITHSCORES'],
      ['ZUNION', '1', 'missing', 'WITHSCORES'],
      ['ZUNIONSTORE', 'dst', '3', 'z1', 'z2', 's1', 'WEIGHTS', '2', '1', '10'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZUNIONSTORE', 'z1', '2', 'z1', 'z1'],
      ['ZRANGE', 'z1', '0', '-1', 'WITHSCORES'],
      ['ZUNIONSTORE', 'dst', '1', 'missing'],
      ['EXISTS', 'dst'],
      ['SET', 'dst', 'v', 'EX', '100'],
      ['ZUNIONSTORE', 'dst', '1', 'z2'],
      ['TTL', 'dst'],
      ['TYPE', 'dst'],
      ['ZUNIONSTORE', 'str', '1', 'missing'],
      ['EXISTS', 'str'],
    ]))

  it('SUM adds the inputs from the smallest to the largest, which decides rounding', (t) =>
    both(t, [
      ['ZADD', 'one', '0.1', 'x'],
      ['ZADD', 'two', '0.2', 'x', '0', 'y'],
      ['ZADD', 'three', '0.3', 'x', '0', 'y', '0', 'z'],
      ['ZUNION', '3', 'three', 'two', 'one', 'WITHSCORES'],
      ['ZUNION', '3', 'one', 'two', 'three', 'WITHSCORES'],
      ['ZINTER', '3', 'three', 'two', 'one', 'WITHSCORES'],
      ['ZADD', 'tie1', '0.3', 'x'],
      ['ZADD', 'tie2', '0.2', 'x'],
      ['ZADD', 'tie3', '0.1', 'x'],
      ['ZUNION', '3', 'tie1', 'tie2', 'tie3', 'WITHSCORES'],
      ['ZUNION', '3', 'tie3', 'tie2', 'tie1', 'WITHSCORES'],
      ['ZINTER', '3', 'tie1', 'tie2', 'tie3', 'WITHSCORES'],
      ['ZINTER', '3', 'tie3', 'tie2', 'tie1', 'WITHSCORES'],
    ]))

  it('infinities and NaN follow Redis: inf + -inf and 0 * inf give 0', (t) =>
    both(t, [
      ['ZADD', 'p', 'inf', 'a', '0', 'b', '1', 'c'],
      ['ZADD', 'n', '-inf', 'a', '5', 'b'],
      ['ZUNION', '2', 'p', 'n', 'WITHSCORES'],
      ['ZUNION', '2', 'p', 'n', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZUNION', '1', 'p', 'WEIGHTS', '0', 'WITHSCORES'],
      ['ZUNION', '1', 'p', 'WEIGHTS', 'inf', 'WITHSCORES'],
      ['ZUNION', '1', 'p', 'WEIGHTS', '-inf', 'WITHSCORES'],
      ['ZINTER', '2', 'p', 'n', 'WITHSCORES'],
      ['ZINTER', '2', 'p', 'n', 'WEIGHTS', '0', '1', 'WITHSCORES'],
      ['ZINTER', '2', 'n', 'p', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZINTER', '2', 'n', 'p', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZINTER', '2', 'p', 'p', 'WEIGHTS', '1', '-1', 'WITHSCORES'],
      ['ZUNION', '1', 'p', 'WEIGHTS', '-1', 'WITHSCORES'],
      ['ZUNIONSTORE', 'd', '1', 'p', 'WEIGHTS', '-1'],
      ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
    ]))
})

describe('ZINTER, ZINTERSTORE and ZINTERCARD', () => {
  it('intersect with weights, aggregates, sets and missing keys', (t) =>
    both(t, [
      ...SETUP,
      ['ZINTER', '2', 'z1', 'z2'],
      ['ZINTER', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 'z2', 'WEIGHTS', '2', '3', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZINTER', '3', 'z1', 'z2', 'z3', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 's1', 'WITHSCORES'],
      ['ZINTER', '2', 's1', 'ints', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 'missing', 'WITHSCORES'],
      ['ZINTER', '2', 'z1', 'z1', 'WEIGHTS', '1', '2', 'WITHSCORES'],
      ['ZINTERSTORE', 'dst', '2', 'z1', 'z2', 'AGGREGATE', 'MIN'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'dst', '2', 'z1', 'z3'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'dst', '2', 'z1', 'missing'],
      ['EXISTS', 'dst'],
      ['ZINTERCARD', '2', 'z1', 'z2'],
      ['ZINTERCARD', '3', 'z1', 'z2', 's1'],
      ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1'],
      ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '0'],
      ['ZINTERCARD', '2', 'z1', 'z2', 'limit', '100'],
      ['ZINTERCARD', '1', 'missing'],
      ['ZINTERCARD', '1', 'z1', 'LIMIT', '1', 'LIMIT', '2'],
    ]))
})

describe('ZDIFF and ZDIFFSTORE', () => {
  it('keep the members of the first input found in no other, whatever the sizes', (t) =>
    both(t, [
      ...SETUP,
      ['ZDIFF', '2', 'z1', 'z2'],
      ['ZDIFF', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZDIFF', '2', 'z2', 'z1', 'WITHSCORES'],
      ['ZDIFF', '3', 'z2', 'z3', 'z1', 'WITHSCORES'],
      ['ZDIFF', '1', 'z2', 'WITHSCORES'],
      ['ZDIFF', '2', 'z1', 's1', 'WITHSCORES'],
      ['ZDIFF', '2', 's1', 'z1', 'WITHSCORES'],
      ['ZDIFF', '2', 'z1', 'z1'],
      ['ZDIFF', '2', 'missing', 'z1'],
      ['ZDIFF', '2', 'z1', 'missing', 'WITHSCORES'],
      ['ZADD', 'big', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZADD', 'small', '1', 'c'],
      ['ZDIFF', '2', 'big', 'small'],
      ['ZDIFFSTORE', 'dst', '2', 'big', 'small'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZDIFFSTORE', 'dst', '2', 'small', 'big'],
      ['EXISTS', 'dst'],
    ]))
})

describe('set operations: errors and encodings', () => {
  it('every error text, with WRONGTYPE before option errors', (t) =>
    both(t, [
      ...SETUP,
      ['ZUNION', '0', 'z1'],
      ['ZUNION', '-1', 'z1'],
      ['ZUNION', 'x', 'z1'],
      ['ZUNION', '3', 'z1', 'z2'],
      ['ZUNION', '9223372036854775807', 'z1'],
      ['ZUNIONSTORE', 'd', '0', 'z1'],
      ['ZINTER', '0', 'z1'],
      ['ZINTERSTORE', 'd', '0', 'z1'],
      ['ZINTERCARD', '0', 'z1'],
      ['ZDIFF', '0', 'z1'],
      ['ZDIFFSTORE', 'd', '0', 'z1'],
      ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '1'],
      ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '1', 'x'],
      ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '1', 'nan'],
      ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '1', ' 1'],
      ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'avg'],
      ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE'],
      ['ZUNION', '2', 'z1', 'z2', 'FOO'],
      ['ZUNION', '2', 'z1', 'str', 'FOO'],
      ['ZUNION', '2', 'str', 'missing'],
      ['ZUNIONSTORE', 'd', '2', 'z1', 'z2', 'WITHSCORES'],
      ['ZINTERSTORE', 'd', '1', 'str'],
      ['ZINTER', '1', 'z1', 'LIMIT', '1'],
      ['ZINTERCARD', '1', 'z1', 'LIMIT', '-1'],
      ['ZINTERCARD', '1', 'z1', 'LIMIT', 'x'],
      ['ZINTERCARD', '1', 'z1', 'LIMIT'],
      ['ZINTERCARD', '1', 'z1', 'WITHSCORES'],
      ['ZINTERCARD', '1', 'z1', 'WEIGHTS', '1'],
      ['ZINTERCARD', '2', 'z1', 'str'],
      ['ZDIFF', '1', 'z1', 'WEIGHTS', '1'],
      ['ZDIFF', '1', 'z1', 'AGGREGATE', 'SUM'],
      ['ZDIFFSTORE', 'd', '1', 'z1', 'WITHSCORES'],
      ['ZDIFF', '2', 'z1', 'str'],
      ['ZUNION', '1'],
      ['ZUNIONSTORE', 'd', '1'],
      ['ZINTERCARD', '1'],
    ]))

  it('stored results take the listpack encoding when they fit, else skiplist', (t) => {
    const big = ['ZADD', 'big']
    for (let i = 0; i < 100; i++) big.push(String(i), `m${i}`)
    const big2 = ['ZADD', 'big2']
    for (let i = 50; i < 150; i++) big2.push(String(-i), `m${i}`)
    return both(t, [
      big,
      big2,
      ['ZUNIONSTORE', 'u', '2', 'big', 'big2'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZCARD', 'u'],
      ['ZINTERSTORE', 'i', '2', 'big', 'big2'],
      ['OBJECT', 'ENCODING', 'i'],
      ['ZRANGE', 'i', '0', '4', 'WITHSCORES'],
      ['ZADD', 'long', '1', 'x'.repeat(65), '2', 'y'],
      ['ZDIFFSTORE', 'd', '1', 'long'],
      ['OBJECT', 'ENCODING', 'd'],
      ['ZREM', 'long', 'x'.repeat(65)],
      ['ZUNIONSTORE', 'd', '1', 'long'],
      ['OBJECT', 'ENCODING', 'd'],
      ['ZUNION', '2', 'big', 'big2', 'WITHSCORES'],
    ])
  })
})
