import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ByteString,
  byteAt,
  INPLACE_MIN_LENGTH,
  isStringValue,
  readRange,
  stringContent,
  stringLength,
  toInPlace,
  valueFromBytes,
} from '../../../src/store/byte-string.js'
import { typeOf } from '../../../src/store/value.js'

describe('ByteString', () => {
  it('is of the string type for TYPE and WRONGTYPE checks', () => {
    const b = ByteString.fromString('abc')
    assert.equal(typeOf(b), 'string')
    assert.equal(isStringValue(b), true)
    assert.equal(isStringValue('x'), true)
    assert.equal(b.encoding(), 'raw')
  })

  it('keeps every byte value through latin1 round trips', () => {
    let all = ''
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i)
    const b = ByteString.fromString(all)
    assert.equal(b.toString(), all)
    assert.equal(stringContent(b), all)
    assert.equal(byteAt(b, 255), 255)
  })

  it('grows with zero bytes and keeps spare capacity zeroed', () => {
    const b = ByteString.fromString('ab', 5)
    assert.equal(b.len, 5)
    assert.deepEqual([...b.view()], [97, 98, 0, 0, 0])
    b.append('c')
    b.ensureLength(b.buf.length + 10)
    assert.equal(b.toString().slice(0, 6), 'ab\0\0\0c')
    assert.ok(
      b
        .view()
        .subarray(6)
        .every((x) => x === 0),
    )
  })

  it('writes at an offset past the end, padding with zeros', () => {
    const b = ByteString.fromString('hello')
    b.writeAt(8, 'xy')
    assert.equal(b.toString(), 'hello\0\0\0xy')
    assert.equal(stringLength(b), 10)
  })

  it('copies bytes so later writes do not change them', () => {
    const b = ByteString.fromString('abcdef')
    const copy = b.copyBytes(1, 3)
    b.writeAt(1, 'ZZ')
    assert.equal(copy.toString('latin1'), 'bc')
    const clone = b.clone()
    b.writeAt(0, 'Q')
    assert.equal(clone.toString(), 'aZZdef')
  })

  it('reads ranges of either form', () => {
    assert.deepEqual([...readRange('abcd', 1, 3)], [98, 99])
    assert.deepEqual([...readRange(ByteString.fromString('abcd'), 1, 3)], [98, 99])
    assert.equal(byteAt('ab', 5), 0)
  })
})

describe('toInPlace', () => {
  it('keeps short values as strings to rebuild', () => {
    assert.equal(toInPlace('abc', 10), null)
    assert.equal(toInPlace(undefined, INPLACE_MIN_LENGTH - 1), null)
  })

  it('converts long values to a ByteString of at least the wanted length', () => {
    const b = toInPlace('abc', INPLACE_MIN_LENGTH)
    assert.ok(b instanceof ByteString)
    assert.equal(b.len, INPLACE_MIN_LENGTH)
    assert.equal(b.toString().slice(0, 3), 'abc')
    const same = toInPlace(b, 10)
    assert.equal(same, b)
  })

  it('builds JS strings from bytes that fit one', () => {
    assert.equal(valueFromBytes(Buffer.from([0, 255, 65])), '\0\xffA')
  })
})
