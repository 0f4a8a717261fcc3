/**
 * Incremental request parser: RESP multibulk ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") and inline
 * commands ("PING\r\n"), fed any split of bytes across reads. Mirrors the checks and the
 * exact "Protocol error: ..." texts of redis networking.c processMultibulkBuffer() and
 * processInlineBuffer(); arguments are latin1 strings (one char per byte).
 * See https://redis.io/docs/reference/protocol-spec/#sending-commands-to-a-redis-server
 */

import { splitArgs } from '../util/split-args.js'
import {
  ARGV_PREALLOC_MAX,
  DEFAULT_PROTO_MAX_BULK_LEN,
  PROTO_INLINE_MAX_SIZE,
  PROTO_MAX_MULTIBULK,
  PROTO_MBULK_BIG_ARG,
  UNAUTH_MAX_BULK,
  UNAUTH_MAX_MULTIBULK,
} from './limits.js'

const EMPTY = Buffer.alloc(0)

/**
 * Parses a strict decimal integer from bytes [start, end) as redis string2ll: optional '-',
 * no '+', no leading zeros, at most 19 digits. Returns NaN when invalid.
 */
function parseLine(buf: Buffer, start: number, end: number): number {
  const len = end - start
  if (len <= 0 || len > 20) return Number.NaN
  let i = start
  let neg = false
  if (buf[i] === 45) {
    neg = true
    i++
    if (i === end) return Number.NaN
  }
  const first = buf[i]!
  if (first === 48) return end - i === 1 && !neg ? 0 : Number.NaN
  if (first < 49 || first > 57) return Number.NaN
  let v = 0
  for (; i < end; i++) {
    const c = buf[i]!
    if (c < 48 || c > 57) return Number.NaN
    v = v * 10 + (c - 48)
  }
  // Values past 2^53 lose precision but are far beyond every limit we compare against.
  return neg ? -v : v
}

/**
 * Finds byte 'ch' from 'pos' as C's strchr would on the NUL-terminated query buffer:
 * a NUL byte before it means "not found".
 */
function findByte(buf: Buffer, pos: number, len: number, ch: number): number {
  for (let i = pos; i < len; i++) {
    const c = buf[i]!
    if (c === ch) return i
    if (c === 0) return -1
  }
  return -1
}

/** Parses requests from a byte stream; one instance per connection. */
export class RespParser {
  /** proto-max-bulk-len. */
  maxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN
  /** True while the client must still authenticate (tighter limits apply). */
  authRequired = false
  /** Set when the stream is broken: the full error text (without '-'); the connection must close. */
  error: string | null = null

  private buf: Buffer = EMPTY
  private pos = 0
  /** Multibulk in progress: arguments so far and how many remain. */
  private argv: string[] | null = null
  private remaining = 0
  /** Length of the bulk being read, or -1 while waiting for its "$n" line. */
  private bulkLen = -1
  /** Chunks of a big bulk being collected, and their total size. */
  private bigChunks: Buffer[] | null = null
  private bigSize = 0
  /** Bytes of arguments already parsed for the multibulk in progress. */
  private argvBytes = 0

  /** Adds bytes read from the socket. */
  push(chunk: Buffer): void {
    if (this.bigChunks !== null) {
      this.bigChunks.push(chunk)
      this.bigSize += chunk.length
      return
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk
      this.pos = 0
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk])
      this.pos = 0
    }
  }

  /** Bytes held for requests not yet complete (client-query-buffer-limit applies to this). */
  get bufferedBytes(): number {
    return this.buf.length - this.pos + this.bigSize + this.argvBytes
  }

  /** Bytes of input not yet parsed (CLIENT LIST qbuf). */
  get unparsedBytes(): number {
    return this.buf.length - this.pos + this.bigSize
  }

  /**
   * Returns the next complete command, or null when more bytes are needed or the stream
   * is broken ('error' is then set). Empty requests (blank inline lines, "*0") are skipped.
   */
  next(): string[] | null {
    for (;;) {
      if (this.error !== null) return null
      if (this.argv === null) {
        if (this.bigChunks !== null) return null
        if (this.pos >= this.buf.length) {
          this.buf = EMPTY
          this.pos = 0
          return null
        }
        if (this.buf[this.pos] !== 42) {
          const cmd = this.parseInline()
          if (cmd === null) return null
          if (cmd.length === 0) continue
          return cmd
        }
        if (!this.parseCount()) return null
        if (this.argv === null) continue
      }
      const done = this.parseBulks()
      if (done === null) return null
      return done
    }
  }

  /** Drops all buffered input (after a protocol error or on reset). */
  clear(): void {
    this.buf = EMPTY
    this.pos = 0
    this.argv = null
    this.remaining = 0
    this.bulkLen = -1
    this.bigChunks = null
    this.bigSize = 0
    this.argvBytes = 0
  }

  private fail(msg: string): null {
    this.error = `ERR Protocol error: ${msg}`
    this.clear()
    return null
  }

  private parseInline(): string[] | null {
    const buf = this.buf
    const nl = findByte(buf, this.pos, buf.length, 10)
    if (nl === -1) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('too big inline request')
      return null
    }
    let end = nl
    if (end > this.pos && buf[end - 1] === 13) end--
    const line = buf.toString('latin1', this.pos, end)
    this.pos = nl + 1
    const args = splitArgs(line)
    if (args === null) return this.fail('unbalanced quotes in request')
    return args
  }

  /** Parses "*<count>\r\n"; returns false when more bytes are needed or on error. */
  private parseCount(): boolean {
    const buf = this.buf
    const len = buf.length
    const cr = findByte(buf, this.pos, len, 13)
    if (cr === -1) {
      if (len - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('too big mbulk count string')
      return false
    }
    if (cr + 1 >= len) return false
    const n = parseLine(buf, this.pos + 1, cr)
    if (Number.isNaN(n) || n > PROTO_MAX_MULTIBULK) {
      this.fail('invalid multibulk length')
      return false
    }
    if (n > UNAUTH_MAX_MULTIBULK && this.authRequired) {
      this.fail('unauthenticated multibulk length')
      return false
    }
    this.pos = cr + 2
    if (n <= 0) return true
    this.argv = new Array<string>(Math.min(n, ARGV_PREALLOC_MAX))
    this.argv.length = 0
    this.remaining = n
    this.bulkLen = -1
    this.argvBytes = 0
    return true
  }

  /** Reads bulks of the multibulk in progress; returns the command when complete. */
  private parseBulks(): string[] | null {
    const argv = this.argv!
    while (this.remaining > 0) {
      if (this.bigChunks !== null) {
        if (this.bigSize < this.bulkLen + 2) return null
        const all = Buffer.concat(this.bigChunks, this.bigSize)
        this.bigChunks = null
        this.bigSize = 0
        argv.push(all.toString('latin1', 0, this.bulkLen))
        this.argvBytes += this.bulkLen
        this.buf = all
        this.pos = this.bulkLen + 2
        this.bulkLen = -1
        this.remaining--
        continue
      }
      const buf = this.buf
      const len = buf.length
      if (this.bulkLen === -1) {
        const cr = findByte(buf, this.pos, len, 13)
        if (cr === -1) {
          if (len - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('too big bulk count string')
          return null
        }
        if (cr + 1 >= len) return null
        if (buf[this.pos] !== 36) {
          return this.fail(`expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`)
        }
        const n = parseLine(buf, this.pos + 1, cr)
        if (Number.isNaN(n) || n < 0 || n > this.maxBulkLen) return this.fail('invalid bulk length')
        if (n > UNAUTH_MAX_BULK && this.authRequired) return this.fail('unauthenticated bulk length')
        this.pos = cr + 2
        this.bulkLen = n
      }
      const need = this.bulkLen + 2
      if (len - this.pos < need) {
        if (this.bulkLen >= PROTO_MBULK_BIG_ARG) {
          // Collect the rest as chunks: no quadratic re-concatenation of big values.
          const head = buf.subarray(this.pos)
          this.bigChunks = [head]
          this.bigSize = head.length
          this.buf = EMPTY
          this.pos = 0
        }
        return null
      }
      argv.push(buf.toString('latin1', this.pos, this.pos + this.bulkLen))
      this.argvBytes += this.bulkLen
      this.pos += need
      this.bulkLen = -1
      this.remaining--
    }
    this.argv = null
    this.argvBytes = 0
    return argv
  }
}
