import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  bitop,
  findBit,
  getSignedBits,
  getUnsignedBits,
  popcount,
  resolveRange,
  setBits,
  signedFieldAdd,
  unsignedFieldAdd,
} from '../../../src/store/bitops.js'
import { createPrng } from '../../helpers/prng.js'

/** Bit 'i' of 'bytes' (MSB of byte 0 is bit 0), zero past the end. */
function bitAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i >> 3]
  return b === undefined ? 0 : (b >> (7 - (i & 7))) & 1
}

describe('popcount', () => {
  it('counts set bits of any sub-range like a bit-by-bit count', () => {
    const rng = createPrng(11)
    for (let round = 0; round < 200; round++) {
      const bytes = rng.bytes(rng.int(40))
      const start = rng.int(bytes.length + 1)
      const end = start + rng.int(bytes.length - start + 1)
      let expected = 0
      for (let i = start * 8; i < end * 8; i++) expected += bitAt(bytes, i)
      assert.equal(popcount(bytes, start, end), expected)
    }
  })

  it('counts every bit of 0xff bytes', () => {
    assert.equal(popcount(Buffer.alloc(1001, 0xff), 0, 1001), 8008)
  })
})

describe('resolveRange', () => {
  it('turns negative indexes into offsets from the end and clamps to the value', () => {
    assert.deepEqual(resolveRange(0n, -1n, 10, true), [0, 9])
    assert.deepEqual(resolveRange(-3n, -1n, 10, true), [7, 9])
    assert.deepEqual(resolveRange(-100n, 100n, 10, true), [0, 9])
    assert.deepEqual(resolveRange(5n, 2n, 10, true), null)
    assert.deepEqual(resolveRange(0n, 0n, 0, true), null)
  })

  it('makes two negative indexes with start > end empty only with the GETRANGE check', () => {
    assert.equal(resolveRange(-20n, -30n, 10, true), null)
    assert.deepEqual(resolveRange(-20n, -30n, 10, false), [0, 0])
  })

  it('keeps the order of 64-bit extremes exact', () => {
    const min = -(2n ** 63n)
    assert.equal(resolveRange(min + 1n, min, 10, true), null)
    assert.deepEqual(resolveRange(min, 2n ** 63n - 1n, 10, true), [0, 9])
  })
})

describe('findBit', () => {
  it('finds the first matching bit of a range like a linear scan', () => {
    const rng = createPrng(12)
    for (let round = 0; round < 500; round++) {
      const bytes = rng.bytes(1 + rng.int(12))
      // Mostly uniform bytes so that whole-byte skipping is exercised.
      for (let i = 0; i < bytes.length; i++) if (rng.bool(0.6)) bytes[i] = rng.bool() ? 0 : 0xff
      const bits = bytes.length * 8
      const from = rng.int(bits)
      const to = from + rng.int(bits - from)
      const bit = rng.bool() ? 1 : 0
      let expected = -1
      for (let i = from; i <= to; i++) {
        if (bitAt(bytes, i) === bit) {
          expected = i
          break
        }
      }
      assert.equal(
        findBit(bytes, bit, from, to),
        expected,
        `bit ${bit} in [${from}, ${to}] of ${bytes.toString('hex')}`,
      )
    }
  })
})

describe('bitop', () => {
  it('pads shorter inputs with zeros and returns the longest length', () => {
    const a = Buffer.from([0xf0, 0x0f, 0xff])
    const b = Buffer.from([0xff])
    assert.deepEqual([...bitop('and', [a, b])], [0xf0, 0, 0])
    assert.deepEqual([...bitop('or', [a, b])], [0xff, 0x0f, 0xff])
    assert.deepEqual([...bitop('xor', [a, b])], [0x0f, 0x0f, 0xff])
    assert.deepEqual([...bitop('not', [b])], [0x00])
  })

  it('treats a missing source as an empty string', () => {
    const a = Buffer.from([0xaa, 0x55])
    assert.deepEqual([...bitop('and', [a, null])], [0, 0])
    assert.deepEqual([...bitop('and', [null, a])], [0, 0])
    assert.deepEqual([...bitop('or', [null, a])], [0xaa, 0x55])
    assert.equal(bitop('not', [null]).length, 0)
  })
})

describe('bitfield integers', () => {
  it('reads back what setBits wrote at any offset and width', () => {
    const rng = createPrng(13)
    for (let round = 0; round < 300; round++) {
      const bits = 1 + rng.int(64)
      const offset = rng.int(100)
      const buf = rng.bytes(Math.ceil((offset + bits) / 8) + rng.int(3))
      const before = Buffer.from(buf)
      const value = BigInt.asUintN(bits, BigInt(`0x${rng.bytes(8).toString('hex')}`))
      setBits(buf, offset, bits, value)
      assert.equal(getUnsignedBits(buf, offset, bits), value)
      assert.equal(getSignedBits(buf, offset, bits), BigInt.asIntN(bits, value))
      // Bits outside the field are untouched.
      for (let i = 0; i < buf.length * 8; i++) {
        if (i < offset || i >= offset + bits) assert.equal(bitAt(buf, i), bitAt(before, i))
      }
    }
  })

  it('reads zeros past the end of the bytes', () => {
    assert.equal(getUnsignedBits(Buffer.from([0xff]), 4, 8), 0xf0n)
    assert.equal(getSignedBits(Buffer.from([0xff]), 0, 8), -1n)
  })

  it('wraps, saturates or fails a signed field out of range', () => {
    assert.deepEqual(signedFieldAdd(127n, 1n, 8, 'wrap'), { value: -128n, overflow: true })
    assert.deepEqual(signedFieldAdd(127n, 1n, 8, 'sat'), { value: 127n, overflow: true })
    assert.deepEqual(signedFieldAdd(-128n, -1n, 8, 'sat'), { value: -128n, overflow: true })
    assert.deepEqual(signedFieldAdd(-128n, -1n, 8, 'fail').overflow, true)
    assert.deepEqual(signedFieldAdd(100n, 20n, 8, 'fail'), { value: 120n, overflow: false })
    const max = 2n ** 63n - 1n
    assert.deepEqual(signedFieldAdd(max, 1n, 64, 'wrap'), { value: -(2n ** 63n), overflow: true })
    assert.deepEqual(signedFieldAdd(300n, 0n, 8, 'wrap'), { value: 44n, overflow: true })
  })

  it('treats a negative SET value of an unsigned field as too large', () => {
    assert.deepEqual(unsignedFieldAdd(-1n, 0n, 8, 'sat'), { value: 255n, overflow: true })
    assert.deepEqual(unsignedFieldAdd(-1n, 0n, 8, 'wrap'), { value: 255n, overflow: true })
    assert.deepEqual(unsignedFieldAdd(10n, -11n, 8, 'sat'), { value: 0n, overflow: true })
    assert.deepEqual(unsignedFieldAdd(10n, -11n, 8, 'wrap'), { value: 255n, overflow: true })
    assert.deepEqual(unsignedFieldAdd(250n, 5n, 8, 'fail'), { value: 255n, overflow: false })
  })
})
