// Tests of the test helper that decodes raw replies into values and value-free shapes.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeReply, parseReply, ReplyError, replyShape } from '../../helpers/resp-decode.js'
import { RespFrameError } from '../../helpers/resp-reader.js'

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

describe('decodeReply', () => {
  it('decodes every scalar type', () => {
    assert.equal(decodeReply(b('+OK\r\n')), 'OK')
    assert.equal(decodeReply(b('$5\r\nhello\r\n')), 'hello')
    assert.equal(decodeReply(b('$0\r\n\r\n')), '')
    assert.equal(decodeReply(b(':-42\r\n')), -42)
    assert.equal(decodeReply(b(':9223372036854775807\r\n')), 9223372036854775807n)
    assert.equal(decodeReply(b('(123456789012345678901234567890\r\n')), 123456789012345678901234567890n)
    assert.equal(decodeReply(b(',1.5\r\n')), 1.5)
    assert.equal(decodeReply(b(',inf\r\n')), Infinity)
    assert.equal(decodeReply(b(',-inf\r\n')), -Infinity)
    assert.ok(Number.isNaN(decodeReply(b(',nan\r\n'))))
    assert.equal(decodeReply(b('#t\r\n')), true)
    assert.equal(decodeReply(b('#f\r\n')), false)
    assert.equal(decodeReply(b('=8\r\ntxt:abcd\r\n')), 'abcd')
  })

  it('decodes the three nulls as null', () => {
    for (const raw of ['_\r\n', '$-1\r\n', '*-1\r\n']) assert.equal(decodeReply(b(raw)), null)
  })

  it('decodes errors as ReplyError with their code', () => {
    const err = decodeReply(b('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'))
    assert.ok(err instanceof ReplyError)
    assert.equal(err.code, 'WRONGTYPE')
    const blob = decodeReply(b('!21\r\nSYNTAX invalid syntax\r\n'))
    assert.ok(blob instanceof ReplyError)
    assert.equal(blob.message, 'SYNTAX invalid syntax')
  })

  it('decodes aggregates: arrays, sets, pushes as arrays and maps as Map, dropping attributes', () => {
    assert.deepEqual(decodeReply(b('*3\r\n:1\r\n*1\r\n+a\r\n$-1\r\n')), [1, ['a'], null])
    assert.deepEqual(decodeReply(b('~2\r\n+a\r\n+b\r\n')), ['a', 'b'])
    assert.deepEqual(decodeReply(b('>2\r\n+message\r\n+x\r\n')), ['message', 'x'])
    assert.deepEqual(
      decodeReply(b('%2\r\n+a\r\n:1\r\n+b\r\n%0\r\n')),
      new Map<unknown, unknown>([
        ['a', 1],
        ['b', new Map()],
      ]),
    )
    assert.deepEqual(decodeReply(b('*2\r\n|1\r\n+ttl\r\n:5\r\n:1\r\n:2\r\n')), [1, 2])
  })

  it('decodes as UTF-8 by default and keeps every byte with latin1', () => {
    const raw = b('$2\r\n\xc3\xa9\r\n')
    assert.equal(decodeReply(raw), 'é')
    assert.equal(decodeReply(raw, { encoding: 'latin1' }), '\xc3\xa9')
  })

  it('rejects malformed input, several replies and partial replies', () => {
    assert.throws(() => decodeReply(b('+OK\r\n+OK\r\n')), RespFrameError)
    assert.throws(() => decodeReply(b('$3\r\nab')), RespFrameError)
    assert.throws(() => decodeReply(b('hello\r\n')), RespFrameError)
  })
})

describe('parseReply', () => {
  it('gives each node its exact raw bytes and attaches attributes', () => {
    const node = parseReply(b('*2\r\n$1\r\na\r\n|1\r\n+k\r\n+v\r\n:7\r\n'))
    assert.equal(node.type, '*')
    assert.equal(node.items?.[0]?.raw.toString(), '$1\r\na\r\n')
    const annotated = node.items?.[1]
    assert.equal(annotated?.raw.toString(), ':7\r\n')
    assert.deepEqual(
      annotated?.attributes?.map((a) => a.raw.toString()),
      ['+k\r\n', '+v\r\n'],
    )
  })
})

describe('replyShape', () => {
  it('keeps types, sizes, nulls and error codes but no values', () => {
    assert.equal(replyShape(b('*3\r\n$1\r\na\r\n:1\r\n$-1\r\n')), '*3[$,:,$-1]')
    assert.equal(replyShape(b('*-1\r\n')), '*-1')
    assert.equal(replyShape(b('_\r\n')), '_')
    assert.equal(replyShape(b('%1\r\n+a\r\n~2\r\n,1\r\n#t\r\n')), '%1[+,~2[,,#]]')
    assert.equal(replyShape(b('-ERR no\r\n')), '-ERR')
    assert.equal(replyShape(b('|1\r\n+a\r\n+b\r\n:1\r\n')), '|[+,+]:')
    assert.equal(replyShape(b('*2\r\n:1\r\n:2\r\n')), replyShape(b('*2\r\n:30\r\n:-4\r\n')))
  })
})
