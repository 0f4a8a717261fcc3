/**
 * ArgDecoder: whatever it remembers, every argument decodes to exactly its bytes as latin1.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ArgDecoder, ShortArgTable } from '../../../src/protocol/arg-decoder.js'
import { createPrng, testSeed } from '../../helpers/prng.js'

function decodeAll(d: ArgDecoder, buf: Buffer, spans: Array<[number, number]>): string[] {
  d.reset(buf, buf.length)
  return spans.map(([s, e]) => d.decode(s, e))
}

describe('ArgDecoder', () => {
  it('short arguments sharing a slot (same length, first bytes alike in their low bits) stay apart', () => {
    const d = new ArgDecoder(new ShortArgTable())
    // 'a' (0x61) and 'i' (0x69), '\x00' and '\x08', 'SET' and 'SEX' / 'TET' (0x53, 0x54 differ).
    const args = [
      'a',
      'i',
      'a',
      '\x00',
      '\x08',
      '\x00',
      'SET',
      'SEX',
      'SET',
      '[ET',
      'SET',
      'xxx',
      'xyx',
      'xxx',
    ]
    const text = args.join('')
    const buf = Buffer.from(text, 'latin1')
    const spans: Array<[number, number]> = []
    let at = 0
    for (const a of args) {
      spans.push([at, at + a.length])
      at += a.length
    }
    assert.deepEqual(decodeAll(d, buf, spans), args)
    // Again from a fresh decoder state for the window, the remembered strings still apply.
    assert.deepEqual(decodeAll(d, Buffer.from(text, 'latin1'), spans), args)
  })

  it('every argument decodes to its own bytes, over random repeats, lengths and reused buffers', () => {
    const rnd = createPrng(testSeed(7))
    const next = rnd.next
    const d = new ArgDecoder(new ShortArgTable())
    // A tiny alphabet makes repeats, near-repeats and slot collisions frequent.
    const alphabet = ['a', 'b', 'i', '\x00', '\x08', '\xff', ':']
    const pool: string[] = []
    for (let i = 0; i < 60; i++) {
      const len = Math.floor(next() * 80)
      let s = ''
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)]!
      pool.push(s)
    }
    // Near-repeats of long ones: one byte changed anywhere.
    for (let i = 0; i < 20; i++) {
      const base = pool[i]!
      if (base.length === 0) continue
      const k = Math.floor(next() * base.length)
      pool.push(`${base.slice(0, k)}${base[k] === 'a' ? 'b' : 'a'}${base.slice(k + 1)}`)
    }
    const shared = Buffer.alloc(4096)
    for (let round = 0; round < 400; round++) {
      const args: string[] = []
      const n = 1 + Math.floor(next() * 12)
      for (let i = 0; i < n; i++) args.push(pool[Math.floor(next() * pool.length)]!)
      // Some rounds reuse one buffer with new bytes (as a parser's owned buffer), some not,
      // and arguments sit at random gaps.
      const buf = round % 3 === 0 ? shared : Buffer.alloc(4096)
      const spans: Array<[number, number]> = []
      let at = Math.floor(next() * 5)
      for (const a of args) {
        buf.write(a, at, 'latin1')
        spans.push([at, at + a.length])
        at += a.length + Math.floor(next() * 4)
      }
      d.reset(buf, at)
      const got = spans.map(([s, e]) => d.decode(s, e))
      assert.deepEqual(got, args, `round ${round} (REDOUBT_SEED=${rnd.seed})`)
    }
  })

  it('a long argument after repeats of another differing in any one byte is not taken for it', () => {
    for (const len of [13, 16, 17, 64]) {
      const key = 'k'.repeat(len)
      for (let p = 0; p < len; p++) {
        const d = new ArgDecoder(new ShortArgTable())
        const other = `${key.slice(0, p)}\x00${key.slice(p + 1)}`
        // Twice first: the repeat makes the decoder keep the key's bytes aside.
        const buf = Buffer.from(key + key + key + other, 'latin1')
        d.reset(buf, buf.length)
        const got = [0, 1, 2, 3].map((i) => d.decode(i * len, (i + 1) * len))
        assert.deepEqual(got, [key, key, key, other], `length ${len}, byte ${p}`)
      }
    }
  })

  it('decoders sharing one table (connections) each get their own bytes back', () => {
    const table = new ShortArgTable()
    const a = new ArgDecoder(table)
    const b = new ArgDecoder(table)
    const one = Buffer.from('SETabcSET', 'latin1')
    const two = Buffer.from('SEXabdSEX', 'latin1')
    const spans: Array<[number, number]> = [
      [0, 3],
      [3, 6],
      [6, 9],
    ]
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(decodeAll(a, one, spans), ['SET', 'abc', 'SET'])
      assert.deepEqual(decodeAll(b, two, spans), ['SEX', 'abd', 'SEX'])
    }
  })

  it('arguments longer than the repeat limit decode in full', () => {
    const d = new ArgDecoder(new ShortArgTable())
    const long = 'k'.repeat(65)
    const buf = Buffer.from(long + long, 'latin1')
    d.reset(buf, buf.length)
    assert.equal(d.decode(0, 65), long)
    assert.equal(d.decode(65, 130), long)
  })
})
