/**
 * RespParser: every request stream parses the same whatever the split across reads (every
 * byte offset, byte by byte, many reads), and malformed input fails with Redis's exact
 * "Protocol error" texts (checked against redis-server in test/diff/protocol.test.ts).
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PROTO_INLINE_MAX_SIZE } from '../../../src/protocol/limits.js'
import { parseRespInteger, RespParser } from '../../../src/protocol/resp-parser.js'

interface Outcome {
  cmds: string[][]
  error: string | null
}

interface ParserOptions {
  authRequired?: boolean
  maxBulkLen?: number
}

function makeParser(opts: ParserOptions): RespParser {
  const p = new RespParser()
  if (opts.authRequired !== undefined) p.authRequired = opts.authRequired
  if (opts.maxBulkLen !== undefined) p.maxBulkLen = opts.maxBulkLen
  return p
}

/** Feeds 'chunks' one read at a time, draining complete requests after each. */
function feed(chunks: readonly Buffer[], opts: ParserOptions = {}): Outcome {
  const p = makeParser(opts)
  const cmds: string[][] = []
  for (const chunk of chunks) {
    p.push(chunk)
    for (;;) {
      const argv = p.next()
      if (argv === null) break
      cmds.push(argv)
    }
    if (p.error !== null) break
  }
  return { cmds, error: p.error }
}

function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1')
}

/** Every split of 'input' into two reads, then byte by byte: all must give 'expected'. */
function assertAllSplits(input: Buffer, expected: Outcome, opts: ParserOptions = {}): void {
  assert.deepEqual(feed([input], opts), expected, 'one read')
  for (let i = 1; i < input.length; i++) {
    assert.deepEqual(feed([input.subarray(0, i), input.subarray(i)], opts), expected, `split at ${i}`)
  }
  const single: Buffer[] = []
  for (let i = 0; i < input.length; i++) single.push(input.subarray(i, i + 1))
  assert.deepEqual(feed(single, opts), expected, 'byte by byte')
}

function multibulk(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`
}

describe('RespParser: well-formed requests', () => {
  it('a pipeline of multibulk and inline requests parses identically at every split', () => {
    const input = bytes(
      multibulk('SET', 'key', 'va\r\nlue') +
        'PING\r\n' +
        multibulk('GET', '') +
        'ECHO "a b" \'c\'\n' +
        multibulk('ECHO', '\x00\xff\x80') +
        '  SET   k  v  \r\n',
    )
    assertAllSplits(input, {
      cmds: [
        ['SET', 'key', 'va\r\nlue'],
        ['PING'],
        ['GET', ''],
        ['ECHO', 'a b', 'c'],
        ['ECHO', '\x00\xff\x80'],
        ['SET', 'k', 'v'],
      ],
      error: null,
    })
  })

  it('short arguments (cut from a decoded window) and long ones parse the same at every split', () => {
    // Lengths around the 13-character cut and the decoder's 13..20 cases, and enough arguments to pass several
    // 1 KiB windows, with long ones in between.
    const args: string[] = []
    for (let i = 0; i < 400; i++) {
      const len = [0, 1, 3, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 40][i % 14]!
      let a = ''
      for (let j = 0; j < len; j++) a += String.fromCharCode((i * 31 + j * 7) % 256)
      args.push(a)
    }
    const cmds: string[][] = []
    for (let i = 0; i < args.length; i += 4) cmds.push(['ECHO', ...args.slice(i, i + 4)])
    const input = bytes(cmds.map((c) => multibulk(...c)).join(''))
    for (let i = 1; i < input.length; i += 97) {
      assert.deepEqual(
        feed([input.subarray(0, i), input.subarray(i)]),
        { cmds, error: null },
        `split at ${i}`,
      )
    }
    for (const size of [1, 5, 64, 1000]) {
      const chunks: Buffer[] = []
      for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size))
      assert.deepEqual(feed(chunks), { cmds, error: null }, `reads of ${size} bytes`)
    }
  })

  it('a repeated long argument is reused only when every byte matches', () => {
    const k = 'key:__rand_int__'
    const cmds = [
      ['MSET', k, 'v', k, 'v'],
      ['GET', `${k.slice(0, -1)}X`],
      ['GET', `X${k.slice(1)}`],
      ['GET', k],
      ['GET', `${k}\x00`],
      ['GET', `${k.slice(0, 8)}\xff${k.slice(9)}`],
      // Repeats past the first compare bytes kept aside: they must still catch any change.
      ['MSET', k, 'v', k, 'v', k, 'v'],
      ['GET', `${k.slice(0, 8)}\xff${k.slice(9)}`],
      [
        'MGET',
        k,
        k,
        k,
        `Z${k.slice(1)}`,
        k,
        k,
        `${k.slice(0, -1)}Y`,
        `${k.slice(0, -1)}Y`,
        `Z${k.slice(1)}`,
        k,
      ],
      ['MGET', 'other-key:0000001', 'other-key:0000001', 'other-key:0000002', 'other-key:0000001'],
    ]
    const input = bytes(cmds.map((c) => multibulk(...c)).join(''))
    assertAllSplits(input, { cmds, error: null })
  })

  it('a read buffer reused by the caller with new bytes is decoded afresh', () => {
    const p = new RespParser()
    const buf = bytes(multibulk('GET', 'aaaa'))
    p.push(buf)
    assert.deepEqual(p.next(), ['GET', 'aaaa'])
    // The same Buffer object comes back with other bytes before the parser saw the end.
    buf.write(multibulk('SET', 'bbbb'), 'latin1')
    p.push(buf)
    assert.deepEqual(p.next(), ['SET', 'bbbb'])
  })

  it('empty requests (blank inline lines, *0, *-1) come out as empty arrays', () => {
    assertAllSplits(bytes('\r\n\n*0\r\n*-1\r\nPING\r\n   \r\n'), {
      cmds: [[], [], [], [], ['PING'], []],
      error: null,
    })
  })

  it('the two bytes after a bulk and the byte after a count line are skipped unchecked, as Redis', () => {
    assertAllSplits(bytes('*1\rX$4\r\nPINGxy*2\r\n$4\r\nECHO\r\n$1\r\nz!!'), {
      cmds: [['PING'], ['ECHO', 'z']],
      error: null,
    })
  })

  it('inline escapes follow sdssplitargs', () => {
    assertAllSplits(bytes('ECHO "\\x41\\n\\t\\q" \'it\\\'s\' "\\x4"\r\n'), {
      cmds: [['ECHO', 'A\n\tq', "it's", 'x4']],
      error: null,
    })
  })

  it('a big bulk (>= 32 KiB) collected across many reads is intact, and what follows it parses', () => {
    const value = Buffer.alloc(70_000)
    for (let i = 0; i < value.length; i++) value[i] = (i * 7) % 256
    const input = Buffer.concat([
      bytes(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${value.length}\r\n`),
      value,
      bytes(`\r\n${multibulk('GET', 'k')}PING\r\n`),
    ])
    const expected: Outcome = {
      cmds: [['SET', 'k', value.toString('latin1')], ['GET', 'k'], ['PING']],
      error: null,
    }
    for (const size of [1, 7, 1000, 16_384, 65_536]) {
      const chunks: Buffer[] = []
      for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size))
      assert.deepEqual(feed(chunks), expected, `reads of ${size} bytes`)
    }
    for (const at of [5, 20, 24, 25, 40_000, input.length - 30, input.length - 2]) {
      assert.deepEqual(feed([input.subarray(0, at), input.subarray(at)]), expected, `split at ${at}`)
    }
  })

  it('a request trickling in byte by byte costs linear time (amortized buffer growth)', () => {
    const value = 'v'.repeat(30_000)
    const input = bytes(`${multibulk('SET', 'k', value)}ECHO ${'x'.repeat(60_000)}\r\n`)
    const p = new RespParser()
    const start = performance.now()
    const cmds: string[][] = []
    for (let i = 0; i < input.length; i++) {
      p.push(input.subarray(i, i + 1))
      for (let argv = p.next(); argv !== null; argv = p.next()) cmds.push(argv)
    }
    const ms = performance.now() - start
    assert.deepEqual(cmds, [
      ['SET', 'k', value],
      ['ECHO', 'x'.repeat(60_000)],
    ])
    // Quadratic copying or rescanning would take tens of seconds here.
    assert.ok(ms < 5000, `took ${ms} ms`)
  })
})

describe('RespParser: protocol errors (Redis texts)', () => {
  const cases: [string, string, string[][]][] = [
    ['*abc\r\n', 'invalid multibulk length', []],
    ['*+1\r\n', 'invalid multibulk length', []],
    ['*01\r\n', 'invalid multibulk length', []],
    ['*-0\r\n', 'invalid multibulk length', []],
    ['*\r\n', 'invalid multibulk length', []],
    ['*1\n$4\r\nPING\r\n', 'invalid multibulk length', []],
    ['*2147483648\r\n', 'invalid multibulk length', []],
    ['*-9223372036854775809\r\n', 'invalid multibulk length', []],
    ['*99999999999999999999\r\n', 'invalid multibulk length', []],
    ['PING\r\n*1\r\nx4\r\nPING\r\n', "expected '$', got 'x'", [['PING']]],
    ['*1\r\n\xff4\r\n', "expected '$', got '\xff'", []],
    ['*1\r\n$-1\r\n', 'invalid bulk length', []],
    ['*1\r\n$abc\r\n', 'invalid bulk length', []],
    ['*1\r\n$04\r\nPING\r\n', 'invalid bulk length', []],
    ['*1\r\n$1099511627776\r\n', 'invalid bulk length', []],
    ['*1\r\n$536870913\r\n', 'invalid bulk length', []],
    ['*1\r\n$999999999999999\r\n', 'invalid bulk length', []],
    ['*1\r\n$9999999999999999\r\n', 'invalid bulk length', []],
    ['ECHO "a\r\n', 'unbalanced quotes in request', []],
    ['ECHO "a"b\r\n', 'unbalanced quotes in request', []],
    ["ECHO 'a\r\n", 'unbalanced quotes in request', []],
  ]
  for (const [input, msg, before] of cases) {
    it(`${JSON.stringify(input)} fails with "Protocol error: ${msg}" at every split`, () => {
      assertAllSplits(bytes(input), { cmds: before, error: `ERR Protocol error: ${msg}` })
    })
  }

  it('a multibulk count of 2^31-1 with nothing after it just waits (no preallocation)', () => {
    const p = new RespParser()
    p.push(bytes('*2147483647\r\n$1\r\na\r\n'))
    assert.equal(p.next(), null)
    assert.equal(p.error, null)
    assert.equal(p.partialArgvBytes, 1)
  })

  it('an inline line without newline is refused once it passes 64 KiB', () => {
    const p = new RespParser()
    p.push(Buffer.alloc(PROTO_INLINE_MAX_SIZE, 'a'))
    assert.equal(p.next(), null)
    assert.equal(p.error, null)
    p.push(bytes('a'))
    assert.equal(p.next(), null)
    assert.equal(p.error, 'ERR Protocol error: too big inline request')
  })

  it('count and bulk-length lines without CR are refused past 64 KiB', () => {
    const big = '1'.repeat(PROTO_INLINE_MAX_SIZE)
    assert.deepEqual(feed([bytes(`*${big}`)]), {
      cmds: [],
      error: 'ERR Protocol error: too big mbulk count string',
    })
    assert.deepEqual(feed([bytes(`*1\r\n$${big}`)]), {
      cmds: [],
      error: 'ERR Protocol error: too big bulk count string',
    })
  })

  it('a NUL byte before the line end stalls the request, as strchr() does in Redis', () => {
    for (const input of ['PING\x00\r\nPING\r\n', '*1\x00\r\n$4\r\nPING\r\n', '*1\r\n$4\x00\r\nPING\r\n']) {
      assertAllSplits(bytes(input), { cmds: [], error: null })
    }
    // ... until the line limit closes it.
    assert.deepEqual(feed([bytes('PING\x00\r\n'), Buffer.alloc(PROTO_INLINE_MAX_SIZE, 'a')]), {
      cmds: [],
      error: 'ERR Protocol error: too big inline request',
    })
    // A NUL right after the CR of a count line is the skipped byte: no stall.
    assertAllSplits(bytes('*1\r\x00$4\r\nPING\r\n'), { cmds: [['PING']], error: null })
  })

  it('before authentication, more than 10 arguments or a bulk over 16 KiB is refused', () => {
    const auth = { authRequired: true }
    assertAllSplits(
      bytes('*11\r\n'),
      { cmds: [], error: 'ERR Protocol error: unauthenticated multibulk length' },
      auth,
    )
    assertAllSplits(
      bytes('*1\r\n$16385\r\n'),
      { cmds: [], error: 'ERR Protocol error: unauthenticated bulk length' },
      auth,
    )
    assert.deepEqual(feed([bytes(multibulk('AUTH', 'x'.repeat(16_384)))], auth).error, null)
  })

  it('proto-max-bulk-len bounds bulk lengths', () => {
    assert.deepEqual(feed([bytes('*1\r\n$101\r\n')], { maxBulkLen: 100 }), {
      cmds: [],
      error: 'ERR Protocol error: invalid bulk length',
    })
    assert.equal(feed([bytes(multibulk('x'.repeat(100)))], { maxBulkLen: 100 }).error, null)
    // Past what V8 can hold as a string, even when proto-max-bulk-len allows it.
    assert.deepEqual(feed([bytes('*1\r\n$600000000\r\n')], { maxBulkLen: 2 ** 40 }), {
      cmds: [],
      error: 'ERR Protocol error: invalid bulk length',
    })
  })

  it('after an error the parser yields nothing more', () => {
    const p = new RespParser()
    p.push(bytes('*x\r\nPING\r\n'))
    assert.equal(p.next(), null)
    assert.equal(p.next(), null)
    p.push(bytes('PING\r\n'))
    assert.equal(p.next(), null)
  })
})

describe('RespParser: accounting', () => {
  it('bufferedBytes counts a partial multibulk with a per-argument overhead', () => {
    const p = new RespParser()
    p.push(bytes(`*1000000\r\n${'$1\r\na\r\n'.repeat(1000)}`))
    assert.equal(p.next(), null)
    assert.equal(p.partialArgvBytes, 1000)
    assert.ok(p.bufferedBytes >= 1000 * 32, `bufferedBytes ${p.bufferedBytes}`)
  })

  it('heldBytes covers the read being executed, and drops to 0 once it is consumed', () => {
    const p = new RespParser()
    p.push(bytes('PING\r\nPING\r\n'))
    assert.deepEqual(p.next(), ['PING'])
    assert.equal(p.heldBytes, 12)
    assert.deepEqual(p.next(), ['PING'])
    assert.equal(p.next(), null)
    assert.equal(p.heldBytes, 0)
    assert.equal(p.bufferedBytes, 0)
  })
})

describe('parseRespInteger (string2ll rules)', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['1', 1],
    ['-1', -1],
    ['2147483647', 2147483647],
    ['9223372036854775807', 2 ** 63],
    ['-9223372036854775808', -(2 ** 63)],
  ]
  for (const [s, v] of ok) {
    it(`accepts ${s}`, () => assert.equal(parseRespInteger(bytes(s), 0, s.length), v))
  }
  for (const s of [
    '',
    '-',
    '-0',
    '+1',
    '01',
    ' 1',
    '1 ',
    '1a',
    '9223372036854775808',
    '-9223372036854775809',
  ]) {
    it(`refuses ${JSON.stringify(s)}`, () => assert.ok(Number.isNaN(parseRespInteger(bytes(s), 0, s.length))))
  }
})
