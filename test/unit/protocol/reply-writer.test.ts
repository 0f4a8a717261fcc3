/**
 * ReplyWriter: the hand-encoded stringArray() produces exactly the bytes of an array header
 * plus one bulk() per element, whatever the element sizes (cached and computed headers, the
 * JS and native copies, the 64 KiB spill, elements larger than the scratch space), and the
 * RESP3-to-RESP2 downgrades of the scalar and aggregate types.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ReplyWriter } from '../../../src/protocol/reply-writer.js'

/** What one bulk() per element writes. */
function reference(items: readonly string[]): string {
  const w = new ReplyWriter()
  w.arrayHeader(items.length)
  for (const v of items) w.bulk(v)
  return w.take()
}

function viaStringArray(items: readonly string[]): { text: string; pending: number } {
  const w = new ReplyWriter()
  w.stringArray(items.length, (i) => items[i]!)
  const pending = w.pendingBytes
  return { text: w.take(), pending }
}

function str(len: number, seed: number): string {
  let s = ''
  for (let i = 0; i < len; i++) s += String.fromCharCode((seed * 31 + i * 7) % 256)
  return s
}

describe('ReplyWriter.stringArray', () => {
  it('matches bulk() per element for sizes around every encoding boundary', () => {
    const lengths = [0, 1, 9, 10, 11, 31, 32, 33, 99, 100, 101, 999, 1023, 1024, 1025, 4096, 65_000, 70_000]
    const items = lengths.map((n, i) => str(n, i))
    const got = viaStringArray(items)
    const want = reference(items)
    assert.equal(got.text, want)
    assert.equal(got.pending, want.length)
  })

  it('matches for thousands of small elements (spilling the 64 KiB scratch several times)', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => str(i % 17, i))
    assert.equal(viaStringArray(items).text, reference(items))
  })

  it('writes an empty array, and nothing while replies are off', () => {
    assert.equal(viaStringArray([]).text, '*0\r\n')
    const w = new ReplyWriter()
    w.enabled = false
    w.stringArray(2, () => 'x')
    assert.equal(w.take(), '')
  })

  it('keeps its place among other replies', () => {
    const w = new ReplyWriter()
    w.simple('OK')
    w.stringArray(2, (i) => ['a', 'bc'][i]!)
    w.integer(5)
    assert.equal(w.take(), '+OK\r\n*2\r\n$1\r\na\r\n$2\r\nbc\r\n:5\r\n')
  })
})

describe('ReplyWriter RESP2 downgrades', () => {
  it('null, map, set, double and boolean per protocol', () => {
    for (const resp of [2, 3] as const) {
      const w = new ReplyWriter()
      w.resp = resp
      w.nullBulk()
      w.nullArray()
      w.mapHeader(1)
      w.setHeader(2)
      w.double(1.5)
      w.bool(true)
      const want =
        resp === 2 ? '$-1\r\n*-1\r\n*2\r\n*2\r\n$3\r\n1.5\r\n:1\r\n' : '_\r\n_\r\n%1\r\n~2\r\n,1.5\r\n#t\r\n'
      assert.equal(w.take(), want)
    }
  })
})
