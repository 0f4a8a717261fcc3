/**
 * ListValue (store/types/list.ts) against a plain array model: seeded random operations at
 * both ends, inserts in either half, removals by value from either end, trims and clears, so
 * that the ring wraps around, grows and shrinks many times; every step compares contents.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ListValue } from '../../../../src/store/types/list.js'
import { createPrng } from '../../../helpers/prng.js'

function contents(l: ListValue): string[] {
  const out: string[] = []
  for (let i = 0; i < l.size; i++) out.push(l.get(i))
  return out
}

describe('ListValue', () => {
  it('matches an array model over 20000 random operations', () => {
    const rng = createPrng(0x1157)
    const l = new ListValue()
    let m: string[] = []
    const vals = ['a', 'b', 'c', '', 'x'.repeat(40)]
    for (let step = 0; step < 20000; step++) {
      const r = rng.int(100)
      const v = rng.pick(vals)
      if (r < 25) {
        l.pushHead(v)
        m.unshift(v)
      } else if (r < 50) {
        l.pushTail(v)
        m.push(v)
      } else if (r < 62) {
        assert.equal(l.popHead(), m.shift())
      } else if (r < 74) {
        assert.equal(l.popTail(), m.pop())
      } else if (r < 82) {
        const i = rng.int(m.length + 1)
        l.insertAt(i, v)
        m.splice(i, 0, v)
      } else if (r < 88 && m.length > 0) {
        const i = rng.int(m.length)
        l.set(i, v)
        m[i] = v
      } else if (r < 94) {
        const count = rng.range(-3, 3)
        let removed = 0
        const limit = count === 0 ? Number.POSITIVE_INFINITY : Math.abs(count)
        const keep = m.map(() => true)
        const order = count >= 0 ? m.map((_, i) => i) : m.map((_, i) => m.length - 1 - i)
        for (const i of order) {
          if (removed < limit && m[i] === v) {
            keep[i] = false
            removed++
          }
        }
        assert.equal(l.removeValue(v, count), removed)
        m = m.filter((_, i) => keep[i])
      } else if (r < 98 && m.length > 0) {
        const start = rng.int(m.length)
        const end = start + rng.int(m.length - start)
        l.trim(start, end)
        m = m.slice(start, end + 1)
      } else if (r < 99) {
        assert.equal(l.indexOf(v), m.indexOf(v))
      } else {
        l.clear()
        m = []
      }
      assert.equal(l.size, m.length)
      // The element bytes behind estimateBytes() are kept incrementally: equal to a recount.
      assert.equal(
        l.bytes,
        m.reduce((n, v) => n + v.length, 0),
      )
      if (step % 50 === 0 || m.length < 20) assert.deepEqual(contents(l), m)
    }
  })

  it('grows past its initial capacity and shrinks back when emptied', () => {
    const l = ListValue.from(Array.from({ length: 1000 }, (_, i) => String(i)))
    assert.equal(l.size, 1000)
    assert.equal(l.get(999), '999')
    const small = l.estimateBytes()
    for (let i = 0; i < 100000; i++) l.pushHead('x')
    const big = l.estimateBytes()
    assert.ok(big > small * 10)
    while (l.size > 0) l.popTail()
    assert.ok(l.estimateBytes() < small)
    assert.equal(l.popHead(), undefined)
  })

  it('clones deeply and reports the 7.0 encoding', () => {
    const l = ListValue.from(['a', 'b'])
    const c = l.clone()
    c.pushTail('c')
    assert.deepEqual(contents(l), ['a', 'b'])
    assert.deepEqual(contents(c), ['a', 'b', 'c'])
    assert.equal(l.encoding(), 'quicklist')
    assert.equal(l.typeName, 'list')
  })
})
