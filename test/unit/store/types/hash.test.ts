import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HashValue } from '../../../../src/store/types/hash.js'
import { listpackEntryBytes } from '../../../../src/store/types/listpack-size.js'
import { createPrng, testSeed } from '../../../helpers/prng.js'

const LIMITS = { maxListpackEntries: 4, maxListpackValue: 8 }

function hashOf(pairs: [string, string][], limits = LIMITS): HashValue {
  const h = new HashValue()
  for (const [f, v] of pairs) h.set(f, v, limits)
  return h
}

describe('HashValue', () => {
  it('a new hash is an empty listpack', () => {
    const h = new HashValue()
    assert.equal(h.size, 0)
    assert.equal(h.encoding(), 'listpack')
    assert.equal(h.isListpack, true)
    assert.equal(h.get('a'), undefined)
  })

  it('set reports new fields, replaces values in place and keeps insertion order', () => {
    const h = new HashValue()
    assert.equal(h.set('a', '1', LIMITS), true)
    assert.equal(h.set('b', '2', LIMITS), true)
    assert.equal(h.set('a', '3', LIMITS), false)
    assert.deepEqual(
      [...h.entries()],
      [
        ['a', '3'],
        ['b', '2'],
      ],
    )
    assert.equal(h.delete('a'), true)
    assert.equal(h.delete('a'), false)
    h.set('a', '4', LIMITS)
    assert.deepEqual([...h.keys()], ['b', 'a'])
    assert.deepEqual([...h.values()], ['2', '4'])
    assert.equal(h.has('b'), true)
  })

  it('converts to a hash table past the entry limit, and never back', () => {
    const h = hashOf([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ])
    assert.equal(h.encoding(), 'listpack')
    h.set('a', 'x', LIMITS)
    assert.equal(h.encoding(), 'listpack', 'replacing a value adds no entry')
    h.set('e', '5', LIMITS)
    assert.equal(h.encoding(), 'hashtable')
    h.delete('e')
    h.delete('d')
    assert.equal(h.encoding(), 'hashtable')
    assert.equal(h.size, 3)
  })

  it('converts when a written field or value is longer than the value limit', () => {
    const a = hashOf([['f', '12345678']])
    assert.equal(a.encoding(), 'listpack')
    a.set('f', '123456789', LIMITS)
    assert.equal(a.encoding(), 'hashtable')
    const b = hashOf([['123456789', 'v']])
    assert.equal(b.encoding(), 'hashtable')
  })

  it('prepareWrite converts on any long argument in range, even one that is not written', () => {
    const h = hashOf([['a', '1']])
    h.prepareWrite(['HSET', 'k', 'a', '1', 'b', 'too long value'], 2, 3, LIMITS)
    assert.equal(h.encoding(), 'listpack', 'arguments outside the range are ignored')
    h.prepareWrite(['HSET', 'k', 'a', '1', 'b', 'too long value'], 2, 5, LIMITS)
    assert.equal(h.encoding(), 'hashtable')
  })

  it('a limit of 0 entries makes any non-empty hash a hash table', () => {
    const h = hashOf([['a', '1']], { maxListpackEntries: 0, maxListpackValue: 64 })
    assert.equal(h.encoding(), 'hashtable')
  })

  it('random fields come from the hash, uniformly enough, in both encodings', () => {
    const rng = createPrng(testSeed(7))
    for (const n of [3, 50]) {
      const h = new HashValue()
      for (let i = 0; i < n; i++) h.set(`f${i}`, `v${i}`, { maxListpackEntries: 10, maxListpackValue: 64 })
      assert.equal(h.encoding(), n > 10 ? 'hashtable' : 'listpack')
      const counts = new Map<string, number>()
      const pick = h.randomPicker(rng.next)
      for (let i = 0; i < n * 200; i++) {
        const f = i % 2 === 0 ? h.randomField(rng.next) : pick()
        counts.set(f, (counts.get(f) ?? 0) + 1)
      }
      assert.equal(counts.size, n, 'every field drawn')
      for (const [f, c] of counts) {
        assert.ok(h.has(f))
        assert.ok(c > 100 && c < 300, `field ${f} drawn ${c} times out of ${n * 200}`)
      }
      const positions = [...Array(n).keys()]
      assert.deepEqual(h.fieldsAt(positions).sort(), [...h.keys()].sort())
    }
  })

  it('scanStep over a hash table returns every field that stays, while the hash changes', () => {
    const h = new HashValue()
    const limits = { maxListpackEntries: 1, maxListpackValue: 64 }
    for (let i = 0; i < 500; i++) h.set(`keep${i}`, 'v', limits)
    assert.throws(() => new HashValue().scanStep(0, []), /listpack/)
    const seen = new Set<string>()
    let cursor = 0
    let round = 0
    do {
      const out: string[] = []
      cursor = h.scanStep(cursor, out)
      for (const f of out) seen.add(f)
      if (round % 2 === 0) for (let i = 0; i < 300; i++) h.set(`tmp${round}-${i}`, 'v', limits)
      else for (let i = 0; i < 300; i++) h.delete(`tmp${round - 1}-${i}`)
      round++
    } while (cursor !== 0 && round < 100_000)
    for (let i = 0; i < 500; i++) assert.ok(seen.has(`keep${i}`), `keep${i} missed`)
  })

  it('clone copies content and encoding, independently of the original', () => {
    const small = hashOf([['a', '1']])
    const big = hashOf([['a', '123456789']])
    const [s2, b2] = [small.clone(), big.clone()]
    assert.equal(s2.encoding(), 'listpack')
    assert.equal(b2.encoding(), 'hashtable')
    s2.set('b', '2', LIMITS)
    assert.equal(small.has('b'), false)
    assert.deepEqual([...b2.entries()], [['a', '123456789']])
    const out: string[] = []
    b2.scanStep(0, out)
    assert.ok(b2.estimateBytes() > 0)
  })

  it('estimateBytes grows with content and shrinks back', () => {
    const h = new HashValue()
    const empty = h.estimateBytes()
    h.set('field', 'value', LIMITS)
    const one = h.estimateBytes()
    assert.ok(one > empty)
    h.delete('field')
    assert.equal(h.estimateBytes(), empty)
  })
})

describe('listpackEntryBytes', () => {
  it('integers take 2 to 10 bytes by range, as listpack encodes them', () => {
    assert.equal(listpackEntryBytes('0'), 2)
    assert.equal(listpackEntryBytes('127'), 2)
    assert.equal(listpackEntryBytes('128'), 3)
    assert.equal(listpackEntryBytes('-4096'), 3)
    assert.equal(listpackEntryBytes('4096'), 4)
    assert.equal(listpackEntryBytes('-32768'), 4)
    assert.equal(listpackEntryBytes('32768'), 5)
    assert.equal(listpackEntryBytes('8388607'), 5)
    assert.equal(listpackEntryBytes('8388608'), 6)
    assert.equal(listpackEntryBytes('-2147483648'), 6)
    assert.equal(listpackEntryBytes('2147483648'), 10)
    assert.equal(listpackEntryBytes('9223372036854775807'), 10)
    assert.equal(listpackEntryBytes('-9223372036854775808'), 10)
  })

  it('strings (and integers written another way) take header, bytes and back-length', () => {
    assert.equal(listpackEntryBytes(''), 2)
    assert.equal(listpackEntryBytes('abc'), 5)
    assert.equal(listpackEntryBytes('007'), 5)
    assert.equal(listpackEntryBytes('-0'), 4)
    assert.equal(listpackEntryBytes('9223372036854775808'), 1 + 19 + 1)
    assert.equal(listpackEntryBytes('x'.repeat(63)), 1 + 63 + 1)
    assert.equal(listpackEntryBytes('x'.repeat(64)), 2 + 64 + 1)
    assert.equal(listpackEntryBytes('x'.repeat(126)), 2 + 126 + 2)
    assert.equal(listpackEntryBytes('x'.repeat(4095)), 2 + 4095 + 2)
    assert.equal(listpackEntryBytes('x'.repeat(4096)), 5 + 4096 + 2)
    assert.equal(listpackEntryBytes('x'.repeat(20000)), 5 + 20000 + 3)
  })
})
