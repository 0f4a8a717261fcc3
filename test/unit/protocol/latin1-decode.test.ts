/**
 * latin1(): every length (the spelled-out 13..20 cases and the native fallback) and every
 * byte value decode exactly as Buffer's latin1 toString, at any offset.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { latin1 } from '../../../src/protocol/latin1-decode.js'

describe('latin1 decode', () => {
  it('matches Buffer.toString("latin1") for lengths 0..64 at every offset, all byte values', () => {
    const buf = Buffer.alloc(512)
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 97 + 13) % 256
    for (let len = 0; len <= 64; len++) {
      for (let start = 0; start + len <= buf.length; start += 37) {
        assert.equal(
          latin1(buf, start, start + len),
          buf.toString('latin1', start, start + len),
          `len ${len} at ${start}`,
        )
      }
    }
  })

  it('covers bytes 0x00, 0x80..0x9f and 0xff in the spelled-out lengths', () => {
    for (let len = 13; len <= 20; len++) {
      const b = Buffer.alloc(len)
      for (let i = 0; i < len; i++) b[i] = [0, 0x80, 0x9f, 0xff, 0x41][i % 5]!
      const s = latin1(b, 0, len)
      assert.equal(s.length, len)
      for (let i = 0; i < len; i++) assert.equal(s.charCodeAt(i), b[i])
    }
  })
})
