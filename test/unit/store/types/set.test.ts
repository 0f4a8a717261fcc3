import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareIntStrings, isIntsetMember, SetValue } from '../../../../src/store/types/set.js'
import { createPrng, testSeed } from '../../../helpers/prng.js'

describe('isIntsetMember', () => {
  it('accepts canonical int64 decimals only (string2ll rules)', () => {
    for (const s of [
      '0',
      '1',
      '-1',
      '42',
      '9223372036854775807',
      '-9223372036854775808',
      '1000000000000000000',
    ]) {
      assert.equal(isIntsetMember(s), true, s)
    }
    for (const s of [
      '',
      '-',
      '-0',
      '+1',
      '01',
      ' 1',
      '1 ',
      '1.0',
      '1e3',
      '0x10',
      '9223372036854775808',
      '-9223372036854775809',
      '99999999999999999999',
      '123456789012345678901',
      'abc',
    ]) {
      assert.equal(isIntsetMember(s), false, JSON.stringify(s))
    }
  })
})

describe('compareIntStrings', () => {
  it('orders canonical integers numerically', () => {
    const values = [
      '-9223372036854775808',
      '-100',
      '-99',
      '-5',
      '-1',
      '0',
      '1',
      '9',
      '10',
      '99',
      '100',
      '9223372036854775807',
    ]
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        const expected = Math.sign(i - j)
        assert.equal(
          Math.sign(compareIntStrings(values[i]!, values[j]!)),
          expected,
          `${values[i]} vs ${values[j]}`,
        )
      }
    }
  })
})

describe('SetValue', () => {
  it('an intset stays sorted numerically whatever the insertion order', () => {
    const rng = createPrng(testSeed(11))
    const s = new SetValue()
    const model = new Set<bigint>()
    for (let i = 0; i < 300; i++) {
      const n = BigInt(rng.range(-1000, 1000)) * (rng.bool(0.1) ? 10n ** 15n : 1n)
      assert.equal(s.add(String(n), 512), !model.has(n))
      model.add(n)
      if (rng.bool(0.2)) {
        const victim = BigInt(rng.range(-1000, 1000))
        assert.equal(s.remove(String(victim)), model.delete(victim))
      }
    }
    assert.equal(s.encoding(), 'intset')
    const expected = [...model].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String)
    assert.deepEqual([...s.values()], expected)
    assert.equal(s.size, model.size)
  })

  it('forMember picks intset for an integer and hashtable otherwise', () => {
    assert.equal(SetValue.forMember('12').encoding(), 'intset')
    assert.equal(SetValue.forMember('x').encoding(), 'hashtable')
    assert.equal(SetValue.forMember('012').encoding(), 'hashtable')
  })

  it('converts on a non-integer member or past the entry limit, and never back', () => {
    const a = new SetValue()
    a.add('1', 3)
    a.add('2', 3)
    a.add('3', 3)
    assert.equal(a.encoding(), 'intset')
    a.add('3', 3)
    assert.equal(a.encoding(), 'intset', 'a duplicate adds nothing')
    a.add('4', 3)
    assert.equal(a.encoding(), 'hashtable')
    a.remove('4')
    assert.equal(a.encoding(), 'hashtable')
    const b = new SetValue()
    b.add('1', 512)
    b.add('x', 512)
    assert.equal(b.encoding(), 'hashtable')
    b.remove('x')
    assert.equal(b.encoding(), 'hashtable')
    assert.deepEqual([...b.values()], ['1'])
    const c = new SetValue()
    c.add('1', 0)
    assert.equal(c.encoding(), 'hashtable', 'a limit of 0 allows no intset member')
  })

  it('membership of non-canonical spellings is false in an intset', () => {
    const s = new SetValue()
    s.add('5', 512)
    assert.equal(s.has('5'), true)
    assert.equal(s.has('05'), false)
    assert.equal(s.has('+5'), false)
    assert.equal(s.remove('05'), false)
    assert.equal(s.size, 1)
  })

  it('random members and positions cover the set in both encodings', () => {
    const rng = createPrng(testSeed(12))
    for (const [n, prefix] of [
      [20, ''],
      [20, 'm'],
    ] as const) {
      const s = new SetValue()
      for (let i = 0; i < n; i++) s.add(`${prefix}${i}`, 512)
      const counts = new Map<string, number>()
      for (let i = 0; i < n * 200; i++) {
        const m = s.randomMember(rng.next)
        counts.set(m, (counts.get(m) ?? 0) + 1)
      }
      assert.equal(counts.size, n)
      for (const c of counts.values()) assert.ok(c > 100 && c < 300, `drawn ${c} times`)
      assert.deepEqual(s.membersAt([...Array(n).keys()]).sort(), [...s.values()].sort())
    }
    assert.throws(() => new SetValue().randomMember(rng.next), RangeError)
  })

  it('scanStep over a hash table returns every member that stays, while the set changes', () => {
    const s = new SetValue()
    for (let i = 0; i < 400; i++) s.add(`keep${i}`, 512)
    assert.throws(() => new SetValue().scanStep(0, []), /intset/)
    const seen = new Set<string>()
    let cursor = 0
    let round = 0
    do {
      const out: string[] = []
      cursor = s.scanStep(cursor, out)
      for (const m of out) seen.add(m)
      if (round % 2 === 0) for (let i = 0; i < 500; i++) s.add(`tmp${round}-${i}`, 512)
      else for (let i = 0; i < 500; i++) s.remove(`tmp${round - 1}-${i}`)
      round++
    } while (cursor !== 0 && round < 100_000)
    for (let i = 0; i < 400; i++) assert.ok(seen.has(`keep${i}`), `keep${i} missed`)
  })

  it('clone copies members and encoding independently', () => {
    const ints = new SetValue()
    ints.add('2', 512)
    ints.add('1', 512)
    const words = SetValue.forMember('a')
    words.add('a', 512)
    const [i2, w2] = [ints.clone(), words.clone()]
    assert.equal(i2.encoding(), 'intset')
    assert.equal(w2.encoding(), 'hashtable')
    i2.add('3', 512)
    w2.add('b', 512)
    assert.deepEqual([...ints.values()], ['1', '2'])
    assert.deepEqual([...words.values()], ['a'])
    assert.equal(w2.randomMember(() => 0.99).length, 1)
    assert.ok(w2.estimateBytes() > ints.estimateBytes())
  })
})
