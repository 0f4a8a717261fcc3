// Tests of the test helper that frames raw RESP2/RESP3 replies: every type, split at every byte
// offset, fed byte by byte and in random chunks, plus the malformed streams it must reject.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createPrng } from '../../helpers/prng.js'
import { escapeBytes, RespFrameError, RespReader, splitReplies } from '../../helpers/resp-reader.js'

/** One well-formed reply of every type, with nesting, nulls and binary payloads. */
const SAMPLES: Record<string, string> = {
  simple: '+OK\r\n',
  'simple empty': '+\r\n',
  error: '-ERR unknown command\r\n',
  integer: ':0\r\n',
  'negative integer': ':-9223372036854775808\r\n',
  bulk: '$5\r\nhello\r\n',
  'empty bulk': '$0\r\n\r\n',
  'null bulk': '$-1\r\n',
  'bulk holding CRLF': '$6\r\n\r\n*1\r\n\r\n',
  'binary bulk': '$4\r\n\x00\xff\x80\n\r\n',
  'null array': '*-1\r\n',
  'empty array': '*0\r\n',
  array: '*3\r\n$1\r\na\r\n:1\r\n$-1\r\n',
  'nested array': '*2\r\n*2\r\n*0\r\n*1\r\n+x\r\n*-1\r\n',
  map: '%2\r\n+a\r\n:1\r\n+b\r\n*1\r\n$1\r\nx\r\n',
  'empty map': '%0\r\n',
  'map of maps': '%1\r\n%1\r\n+k\r\n+v\r\n%1\r\n+k2\r\n~1\r\n:1\r\n',
  set: '~2\r\n+a\r\n+b\r\n',
  'empty set': '~0\r\n',
  push: '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
  null: '_\r\n',
  double: ',3.14\r\n',
  'double exponent': ',1.5e+20\r\n',
  'double inf': ',inf\r\n',
  'double -inf': ',-inf\r\n',
  'double nan': ',nan\r\n',
  'boolean true': '#t\r\n',
  'boolean false': '#f\r\n',
  'big number': '(3492890328409238509324850943850943825024385\r\n',
  'blob error': '!21\r\nSYNTAX invalid syntax\r\n',
  verbatim: '=15\r\ntxt:Some string\r\n',
  attribute:
    '|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n',
  'empty attribute': '|0\r\n+OK\r\n',
  'attribute inside array': '*2\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n:2\r\n',
  'attribute before aggregate inside map': '%1\r\n+k\r\n|1\r\n+a\r\n+b\r\n*1\r\n:1\r\n',
}

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1')
const samples = Object.entries(SAMPLES).map(([name, text]) => ({ name, raw: bytes(text) }))
const stream = Buffer.concat(samples.map((s) => s.raw))

function feed(chunks: Buffer[]): Buffer[] {
  const reader = new RespReader()
  const out: Buffer[] = []
  for (const chunk of chunks) {
    reader.push(chunk)
    out.push(...reader.drain())
  }
  assert.equal(reader.partialBytes, 0, 'no bytes should be left over')
  return out
}

function assertSameReplies(actual: Buffer[], expected: Buffer[]): void {
  assert.deepEqual(
    actual.map((b) => escapeBytes(b)),
    expected.map((b) => escapeBytes(b)),
  )
}

describe('RespReader', () => {
  for (const { name, raw } of samples) {
    it(`frames a ${name} reply whole and split at every byte offset`, () => {
      assertSameReplies(feed([raw]), [raw])
      for (let cut = 1; cut < raw.length; cut++) {
        assertSameReplies(feed([raw.subarray(0, cut), raw.subarray(cut)]), [raw])
      }
    })

    it(`returns nothing for any proper prefix of a ${name} reply`, () => {
      for (let cut = 0; cut < raw.length; cut++) {
        const reader = new RespReader()
        reader.push(raw.subarray(0, cut))
        assert.equal(reader.next(), undefined, `prefix of ${cut} bytes`)
        assert.equal(reader.partialBytes, cut)
      }
    })
  }

  it('frames a stream of every reply type split at every byte offset', () => {
    const expected = samples.map((s) => s.raw)
    for (let cut = 0; cut <= stream.length; cut++) {
      assertSameReplies(feed([stream.subarray(0, cut), stream.subarray(cut)]), expected)
    }
  })

  it('frames a stream of every reply type fed one byte at a time', () => {
    const chunks: Buffer[] = []
    for (let i = 0; i < stream.length; i++) chunks.push(stream.subarray(i, i + 1))
    assertSameReplies(
      feed(chunks),
      samples.map((s) => s.raw),
    )
  })

  it('frames a stream of every reply type cut into random chunks', () => {
    const rng = createPrng(0x5eed)
    for (let round = 0; round < 200; round++) {
      const chunks: Buffer[] = []
      for (let at = 0; at < stream.length; ) {
        const len = rng.range(1, 40)
        chunks.push(stream.subarray(at, at + len))
        at += len
      }
      assertSameReplies(
        feed(chunks),
        samples.map((s) => s.raw),
      )
    }
  })

  it('returns replies that stay intact after more bytes arrive', () => {
    const reader = new RespReader()
    reader.push(bytes('+first\r\n+sec'))
    const first = reader.next()!
    reader.push(bytes('ond\r\n'))
    for (let i = 0; i < 100; i++) reader.push(bytes(`$3\r\n${String(i).padStart(3, '0')}\r\n`))
    assert.equal(first.toString(), '+first\r\n')
    assert.equal(reader.next()!.toString(), '+second\r\n')
    assert.equal(reader.readyCount, 100)
    assert.equal(reader.drain()[99]!.toString(), '$3\r\n099\r\n')
  })

  it('frames a 4 MiB bulk string arriving in 1000-byte chunks', () => {
    const payload = Buffer.alloc(4 * 1024 * 1024, 0x61)
    const raw = Buffer.concat([bytes(`$${payload.length}\r\n`), payload, bytes('\r\n')])
    const chunks: Buffer[] = []
    for (let i = 0; i < raw.length; i += 1000) chunks.push(raw.subarray(i, i + 1000))
    const [reply] = feed(chunks)
    assert.ok(reply?.equals(raw))
  })

  it('frames an array of 100000 elements arriving in small chunks', () => {
    const parts = ['*100000\r\n']
    for (let i = 0; i < 100000; i++) parts.push(`:${i}\r\n`)
    const raw = bytes(parts.join(''))
    const chunks: Buffer[] = []
    for (let i = 0; i < raw.length; i += 7) chunks.push(raw.subarray(i, i + 7))
    const [reply] = feed(chunks)
    assert.ok(reply?.equals(raw))
  })

  it('frames 100000 levels of nesting without recursing', () => {
    const raw = bytes(`${'*1\r\n'.repeat(100000)}:1\r\n`)
    assertSameReplies(feed([raw]), [raw])
  })

  it('splitReplies splits whole replies and rejects a trailing partial reply', () => {
    assertSameReplies(
      splitReplies(stream),
      samples.map((s) => s.raw),
    )
    assert.deepEqual(splitReplies(Buffer.alloc(0)), [])
    assert.throws(() => splitReplies(bytes('+OK\r\n$3\r\nab')), /trailing bytes/)
  })

  const MALFORMED: Record<string, string> = {
    'an unknown type byte': '?what\r\n',
    'a line ending in a bare LF': '+OK\n',
    'a line holding a bare CR': '+O\rK\r\n',
    'a non-numeric integer': ':12a\r\n',
    'an empty integer': ':\r\n',
    'a bulk not followed by CRLF': '$3\r\nabcd\r\n',
    'a bulk length of -2': '$-2\r\n',
    'a non-numeric bulk length': '$x\r\n',
    'an array count of -2': '*-2\r\n',
    'a null map': '%-1\r\n',
    'a null set': '~-1\r\n',
    'a null blob error': '!-1\r\n',
    'a boolean other than t or f': '#x\r\n',
    'a null with a payload': '_x\r\n',
    'a malformed double': ',1.2.3\r\n',
    'a malformed big number': '(12x\r\n',
    'a verbatim string without a format': '=3\r\ntxt\r\n',
    'a streamed string': '$?\r\n;3\r\nabc\r\n;0\r\n',
    'a streamed aggregate': '*?\r\n:1\r\n.\r\n',
    'a bad element inside an array': '*2\r\n:1\r\n@2\r\n',
  }
  for (const [what, text] of Object.entries(MALFORMED)) {
    it(`rejects ${what} with a RespFrameError, and keeps rejecting`, () => {
      const reader = new RespReader()
      assert.throws(() => reader.push(bytes(text)), RespFrameError)
      assert.ok(reader.error instanceof RespFrameError)
      assert.throws(() => reader.push(bytes('+OK\r\n')), RespFrameError)
    })
  }

  it('names the offset and shows the offending bytes in its error', () => {
    const reader = new RespReader()
    reader.push(bytes('+OK\r\n*2\r\n:1\r\n'))
    assert.throws(
      () => reader.push(bytes('?\x01\r\n')),
      (err: unknown) =>
        err instanceof RespFrameError && err.offset === 8 && err.message.includes('"?\\x01\\r\\n"'),
    )
  })

  it('escapeBytes shows control bytes escaped and cuts long output', () => {
    assert.equal(escapeBytes(bytes('+a"\\\r\n\t\x00\xff')), '+a\\"\\\\\\r\\n\\t\\x00\\xff')
    assert.equal(escapeBytes(bytes('abcdef'), 3), 'abc... (3 more bytes)')
  })
})
