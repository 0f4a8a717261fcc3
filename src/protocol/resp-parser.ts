/**
 * Incremental request parser: RESP multibulk ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") and inline
 * commands ("PING\r\n"), fed any split of bytes across reads. Follows the checks, limits and
 * exact "Protocol error: ..." texts of Redis 7.0's processMultibulkBuffer() and
 * processInlineBuffer(); arguments are latin1 strings (one char per byte).
 * See https://redis.io/docs/reference/protocol-spec/#sending-commands-to-a-redis-server
 */

import { constants as bufferConstants } from 'node:buffer'
import { splitArgs } from '../util/split-args.js'
import { ArgDecoder } from './arg-decoder.js'
import {
  ARG_OVERHEAD_BYTES,
  DEFAULT_PROTO_MAX_BULK_LEN,
  PROTO_INLINE_MAX_SIZE,
  PROTO_MAX_MULTIBULK,
  PROTO_MBULK_BIG_ARG,
  UNAUTH_MAX_BULK,
  UNAUTH_MAX_MULTIBULK,
} from './limits.js'

const EMPTY = Buffer.alloc(0)
const CR = 13
const LF = 10

/** Longest string V8 can hold: a bulk beyond it cannot become a latin1 argument. */
const MAX_ARG_CHARS = bufferConstants.MAX_STRING_LENGTH

/**
 * Parses the decimal integer in bytes [start, end) with Redis's string2ll() rules: optional
 * '-', no '+', no spaces, no leading zeros, "-0" refused, at most 20 characters, and within
 * the signed 64-bit range. Returns NaN when invalid. Values past 2^53 come back rounded to
 * the nearest double; every caller compares them with limits far below that.
 */
export function parseRespInteger(buf: Buffer, start: number, end: number): number {
  const len = end - start
  if (len <= 0 || len > 20) return Number.NaN
  let i = start
  const neg = buf[i] === 45
  if (neg) {
    i++
    if (i === end) return Number.NaN
  }
  const first = buf[i]!
  if (first === 48) return end - i === 1 && !neg ? 0 : Number.NaN
  if (first < 49 || first > 57) return Number.NaN
  const digits = end - i
  if (digits > 19) return Number.NaN
  let v = 0
  for (let j = i; j < end; j++) {
    const c = buf[j]!
    if (c < 48 || c > 57) return Number.NaN
    v = v * 10 + (c - 48)
  }
  if (digits > 15) {
    // Past 2^53: check the 64-bit range on the digits themselves (a double cannot tell
    // them apart) and round once rather than at every step.
    const text = buf.toString('latin1', i, end)
    if (digits === 19 && text > (neg ? '9223372036854775808' : '9223372036854775807')) return Number.NaN
    v = Number(text)
  }
  return neg ? -v : v
}

/** Parses requests from a byte stream; one instance per connection. */
export class RespParser {
  /** proto-max-bulk-len. */
  maxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN
  /** True while the client must still authenticate (tighter limits apply). */
  authRequired = false
  /** Set when the stream is broken: the full error text (without '-'); the connection must close. */
  error: string | null = null

  /** Input not yet parsed is buf[pos, end). */
  private buf: Buffer = EMPTY
  private pos = 0
  private end = 0
  /** True when 'buf' is our own allocation, whose spare capacity past 'end' may be written. */
  private owned = false
  /** Bytes after 'pos' already searched for the current line's terminator. */
  private scanned = 0
  /**
   * A NUL byte came before the terminator of the current line. Redis searches its
   * NUL-terminated query buffer with strchr(), so it never finds that terminator: the
   * request waits until the line limit closes the connection. So does this parser.
   */
  private stuck = false
  /** Multibulk in progress: arguments so far and how many remain. */
  private argv: string[] | null = null
  private remaining = 0
  /** Length of the bulk being read, or -1 while waiting for its "$n" line. */
  private bulkLen = -1
  /** Chunks of a big bulk (>= PROTO_MBULK_BIG_ARG) being collected, and their total size. */
  private bigChunks: Buffer[] | null = null
  private bigSize = 0
  /** Bytes of the arguments parsed so far for the multibulk in progress (CLIENT LIST argv-mem). */
  private argvBytes = 0
  /** Argument bytes to strings (recognises repeated arguments). */
  private readonly args = new ArgDecoder()
  /** Where the line read by the last successful quickLength() ends. */
  private quickEnd = 0

  /** Adds bytes read from the socket. Amortized O(length): a partial request is never re-copied per read. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    if (this.bigChunks !== null) {
      this.bigChunks.push(chunk)
      this.bigSize += chunk.length
      return
    }
    this.append(chunk)
    this.args.reset(this.buf, this.end)
  }

  private append(chunk: Buffer): void {
    const rest = this.end - this.pos
    if (rest === 0) {
      this.buf = chunk
      this.pos = 0
      this.end = chunk.length
      this.owned = false
      return
    }
    if (this.owned && this.buf.length - this.end >= chunk.length) {
      chunk.copy(this.buf, this.end)
      this.end += chunk.length
      return
    }
    const need = rest + chunk.length
    let next: Buffer
    if (this.owned && need <= this.buf.length) {
      this.buf.copyWithin(0, this.pos, this.end)
      next = this.buf
    } else {
      // Grow geometrically so a request trickling in byte by byte costs O(n) copies, not O(n^2).
      next = Buffer.allocUnsafe(Math.max(need, rest * 2))
      this.buf.copy(next, 0, this.pos, this.end)
    }
    chunk.copy(next, rest)
    this.buf = next
    this.pos = 0
    this.end = need
    this.owned = true
  }

  /**
   * Bytes held for requests not yet complete, plus an estimate of the memory of the
   * arguments already parsed for a multibulk in progress (client-query-buffer-limit applies
   * to this; Redis counts only its query buffer, redoubt also bounds the parsed arguments).
   */
  get bufferedBytes(): number {
    const args = this.argv === null ? 0 : this.argvBytes + this.argv.length * ARG_OVERHEAD_BYTES
    return this.end - this.pos + this.bigSize + args
  }

  /**
   * Bytes of the query buffer held, counting the requests of the current read already
   * parsed, as Redis's sdslen(querybuf) does while it executes them (CLIENT LIST qbuf).
   */
  get heldBytes(): number {
    return this.end + this.bigSize
  }

  /** Spare capacity of the query buffer (CLIENT LIST qbuf-free). */
  get spareBytes(): number {
    return this.owned ? this.buf.length - this.end : 0
  }

  /** Bytes of the arguments of a multibulk still being received (CLIENT LIST argv-mem). */
  get partialArgvBytes(): number {
    return this.argv === null ? 0 : this.argvBytes
  }

  /**
   * Returns the next request, or null when more bytes are needed or the stream is broken
   * ('error' is then set). An empty request (a blank inline line, "*0", "*-1") is returned
   * as an empty array: Redis runs no command for it but still ends a CLIENT REPLY SKIP.
   */
  next(): string[] | null {
    if (this.error !== null) return null
    if (this.argv === null) {
      if (this.bigChunks !== null) return null
      if (this.pos >= this.end) {
        this.release()
        return null
      }
      if (this.buf[this.pos] !== 42) return this.parseInline()
      if (!this.parseCount()) return null
      if (this.argv === null) return []
    }
    return this.parseBulks()
  }

  /** Drops all buffered input (after a protocol error). */
  clear(): void {
    this.release()
    this.argv = null
    this.remaining = 0
    this.bulkLen = -1
    this.bigChunks = null
    this.bigSize = 0
    this.argvBytes = 0
  }

  // --- Internals ---

  /** Forgets the consumed buffer (nothing unparsed remains). */
  private release(): void {
    this.args.reset(EMPTY, 0)
    this.buf = EMPTY
    this.pos = 0
    this.end = 0
    this.owned = false
    this.scanned = 0
    this.stuck = false
  }

  private fail(msg: string): null {
    this.error = `ERR Protocol error: ${msg}`
    this.clear()
    return null
  }

  /**
   * Finds byte 'ch' after 'pos' as C's strchr() on the query buffer would: a NUL byte
   * before it means "not found" (for good). Resumes where the last search stopped.
   */
  private findTerminator(ch: number): number {
    if (this.stuck) return -1
    const buf = this.buf
    const end = this.end
    for (let i = this.pos + this.scanned; i < end; i++) {
      const c = buf[i]!
      if (c === ch) {
        this.scanned = i - this.pos
        return i
      }
      if (c === 0) {
        this.stuck = true
        return -1
      }
    }
    this.scanned = end - this.pos
    return -1
  }

  /** Moves past a parsed line. */
  private advance(to: number): void {
    this.pos = to
    this.scanned = 0
    this.stuck = false
  }

  private parseInline(): string[] | null {
    const nl = this.findTerminator(LF)
    if (nl === -1) {
      if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('too big inline request')
      return null
    }
    let lineEnd = nl
    if (lineEnd > this.pos && this.buf[lineEnd - 1] === CR) lineEnd--
    const line = this.buf.toString('latin1', this.pos, lineEnd)
    this.advance(nl + 1)
    const args = splitArgs(line)
    if (args === null) return this.fail('unbalanced quotes in request')
    return args
  }

  /**
   * Parses "*<count>\r\n"; false when more bytes are needed or on error. Like Redis, the
   * byte after '\r' is not checked, and a count <= 0 is an empty request.
   */
  private parseCount(): boolean {
    const quick = this.quickLength(42)
    if (quick > 0 && quick <= PROTO_MAX_MULTIBULK && (quick <= UNAUTH_MAX_MULTIBULK || !this.authRequired)) {
      this.advance(this.quickEnd)
      this.argv = []
      this.remaining = quick
      this.bulkLen = -1
      this.argvBytes = 0
      return true
    }
    const cr = this.findTerminator(CR)
    if (cr === -1) {
      if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) this.fail('too big mbulk count string')
      return false
    }
    if (cr + 1 >= this.end) return false
    const n = parseRespInteger(this.buf, this.pos + 1, cr)
    if (Number.isNaN(n) || n > PROTO_MAX_MULTIBULK) {
      this.fail('invalid multibulk length')
      return false
    }
    if (n > UNAUTH_MAX_MULTIBULK && this.authRequired) {
      this.fail('unauthenticated multibulk length')
      return false
    }
    this.advance(cr + 2)
    if (n <= 0) return true
    // Never preallocate by the count the client claims: the array grows with what arrives.
    this.argv = []
    this.remaining = n
    this.bulkLen = -1
    this.argvBytes = 0
    return true
  }

  /**
   * The common "<prefix><digits>\r\n" line at 'pos' read in one pass: 1 to 15 digits without
   * a leading zero, its CR and the byte after it present. Returns the value and sets
   * 'quickEnd' past the line; -1 when the line is anything else (incomplete, signed, long,
   * malformed), which the general path then handles with its exact errors and limits.
   */
  private quickLength(prefix: number): number {
    const buf = this.buf
    const end = this.end
    let i = this.pos
    if (buf[i] !== prefix) return -1
    i++
    const first = i
    let v = 0
    while (i < end) {
      const ch = buf[i]!
      if (ch === CR) break
      if (ch < 48 || ch > 57) return -1
      v = v * 10 + (ch - 48)
      i++
    }
    const digits = i - first
    if (digits === 0 || digits > 15 || i + 1 >= end) return -1
    if (digits > 1 && buf[first] === 48) return -1
    this.quickEnd = i + 2
    return v
  }

  /**
   * Takes the bulks of the multibulk in progress that lie whole in the buffer in their common
   * form ("$" and 1 to 15 digits without a leading zero, within every length limit), working
   * on locals. Stops at the first other one, which parseBulks' general loop then reads with
   * its exact errors and limits; it sees nothing taken here differently.
   */
  private wholeBulks(argv: string[]): void {
    const buf = this.buf
    const end = this.end
    const args = this.args
    let limit = Math.min(this.maxBulkLen, MAX_ARG_CHARS)
    if (this.authRequired) limit = Math.min(limit, UNAUTH_MAX_BULK)
    let pos = this.pos
    let remaining = this.remaining
    let taken = 0
    while (remaining > 0 && buf[pos] === 36) {
      let i = pos + 1
      let len = 0
      while (i < end) {
        const ch = buf[i]!
        if (ch < 48 || ch > 57) break
        len = len * 10 + (ch - 48)
        i++
      }
      const digits = i - pos - 1
      if (digits === 0 || digits > 15 || (digits > 1 && buf[pos + 1] === 48) || buf[i] !== CR) break
      const start = i + 2
      // The bulk and the two bytes after it (skipped unchecked, as Redis) must be here.
      if (len > limit || start + len + 2 > end) break
      argv.push(args.decode(start, start + len))
      taken += len
      pos = start + len + 2
      remaining--
    }
    if (pos === this.pos) return
    this.advance(pos)
    this.remaining = remaining
    this.argvBytes += taken
  }

  /** Reads bulks of the multibulk in progress; returns the command when complete. */
  private parseBulks(): string[] | null {
    const argv = this.argv!
    if (this.bulkLen === -1 && this.bigChunks === null) this.wholeBulks(argv)
    while (this.remaining > 0) {
      if (this.bigChunks !== null) {
        if (!this.takeBigBulk(argv)) return null
        continue
      }
      if (this.bulkLen === -1) {
        const quick = this.quickLength(36)
        if (quick !== -1) {
          const ok = quick <= this.maxBulkLen && quick <= MAX_ARG_CHARS
          if (ok && (quick <= UNAUTH_MAX_BULK || !this.authRequired)) {
            this.advance(this.quickEnd)
            this.bulkLen = quick
          }
        }
      }
      if (this.bulkLen === -1) {
        const cr = this.findTerminator(CR)
        if (cr === -1) {
          if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('too big bulk count string')
          return null
        }
        if (cr + 1 >= this.end) return null
        const first = this.buf[this.pos]!
        if (first !== 36) return this.fail(`expected '$', got '${String.fromCharCode(first)}'`)
        const n = parseRespInteger(this.buf, this.pos + 1, cr)
        // A bulk V8 cannot hold as a string (24 bytes short of 512 MB) is refused like an
        // over-long one rather than crashing the server.
        if (Number.isNaN(n) || n < 0 || n > this.maxBulkLen || n > MAX_ARG_CHARS) {
          return this.fail('invalid bulk length')
        }
        if (n > UNAUTH_MAX_BULK && this.authRequired) return this.fail('unauthenticated bulk length')
        this.advance(cr + 2)
        this.bulkLen = n
      }
      const need = this.bulkLen + 2
      if (this.end - this.pos < need) {
        if (this.bulkLen >= PROTO_MBULK_BIG_ARG) {
          // Collect the rest as a list of chunks: no re-concatenation per read, and no
          // allocation by the length the client claims before the bytes arrive.
          const head = this.buf.subarray(this.pos, this.end)
          this.bigChunks = [head]
          this.bigSize = head.length
          this.release()
        }
        return null
      }
      // Like Redis, the two bytes after the bulk are skipped without checking them.
      argv.push(this.args.decode(this.pos, this.pos + this.bulkLen))
      this.argvBytes += this.bulkLen
      this.advance(this.pos + need)
      this.bulkLen = -1
      this.remaining--
    }
    this.argv = null
    this.argvBytes = 0
    return argv
  }

  /** Completes a big bulk from the collected chunks; false while bytes are still missing. */
  private takeBigBulk(argv: string[]): boolean {
    const chunks = this.bigChunks!
    const total = this.bulkLen + 2
    if (this.bigSize < total) return false
    const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.bulkLen)
    argv.push(data.toString('latin1', 0, this.bulkLen))
    this.argvBytes += this.bulkLen
    // What follows the bulk (the next requests) becomes the buffer.
    let skip = total
    const rest: Buffer[] = []
    for (const ch of chunks) {
      if (skip >= ch.length) {
        skip -= ch.length
        continue
      }
      rest.push(skip > 0 ? ch.subarray(skip) : ch)
      skip = 0
    }
    this.bigChunks = null
    this.bigSize = 0
    this.release()
    if (rest.length === 1) {
      this.buf = rest[0]!
      this.end = this.buf.length
    } else if (rest.length > 1) {
      this.buf = Buffer.concat(rest)
      this.end = this.buf.length
    }
    this.args.reset(this.buf, this.end)
    this.bulkLen = -1
    this.remaining--
    return true
  }
}
