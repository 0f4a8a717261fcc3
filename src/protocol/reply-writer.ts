/**
 * Reply writer: encodes every RESP3 reply type into a connection's pending output and
 * downgrades to RESP2 when the client speaks RESP2 (maps become flat arrays, sets arrays,
 * null becomes $-1 or *-1, doubles bulk strings, booleans integers).
 * Output accumulates as a latin1 string (V8 ropes make appends cheap) plus, for big
 * binary payloads, Buffers; the owner flushes it with one socket write per batch.
 * See https://redis.io/docs/reference/protocol-spec/
 */

import { formatDouble } from '../util/float-format.js'

/** A value that can be written as a bulk string: latin1 string or raw bytes. */
export type Bulk = string | Buffer

/** Where flushed output goes (a socket, or a capture in tests and MULTI). */
export interface ReplySink {
  write(data: string | Buffer): void
}

const CRLF = '\r\n'

/**
 * "$<n>\r\n" and "*<n>\r\n" for small n, made once: building each header per reply was
 * a third of the cost of a 100-element LRANGE reply.
 */
const HEADER_CACHE = 1024
const BULK_HEADERS = Array.from({ length: HEADER_CACHE }, (_, n) => `$${n}${CRLF}`)
const ARRAY_HEADERS = Array.from({ length: HEADER_CACHE }, (_, n) => `*${n}${CRLF}`)

/** Scratch space of stringArray(), taken back as a string at most this long at a time. */
const SCRATCH_BYTES = 65536
const SCRATCH = Buffer.allocUnsafe(SCRATCH_BYTES)
/** Room for one element's framing: '$', up to 20 digits, and two CRLFs. */
const MAX_FRAMING = 32
/** Elements shorter than this are copied by a JS loop; longer ones by the native encoder. */
const SHORT_COPY = 32

/** Buffer's native latin1 codec, without the encoding dispatch of toString()/write(). */
type Latin1Codec = {
  latin1Slice(start: number, end: number): string
  latin1Write(s: string, offset: number): number
}

function latin1Of(b: Buffer, end: number): string {
  return (b as unknown as Latin1Codec).latin1Slice(0, end)
}

/** Writes '<prefix><n>\r\n' (n >= 0) at 'off'; returns the offset after it. */
function encodeLength(b: Buffer, off: number, prefix: number, n: number): number {
  b[off++] = prefix
  if (n < 10) {
    b[off++] = 48 + n
  } else if (n < 100) {
    b[off++] = 48 + ((n / 10) | 0)
    b[off++] = 48 + (n % 10)
  } else {
    const digits = String(n)
    for (let j = 0; j < digits.length; j++) b[off++] = digits.charCodeAt(j)
  }
  b[off++] = 13
  b[off++] = 10
  return off
}

/** Writes RESP replies for one client. */
export class ReplyWriter {
  /** Protocol version the client negotiated with HELLO. */
  resp: 2 | 3 = 2
  /** Pending output not yet handed to the sink. */
  private out = ''
  /** Buffers queued in order with 'out' (only for large binary payloads). */
  private parts: (string | Buffer)[] | null = null
  /** Bytes written since the last flush (approximate for strings: one byte per char). */
  pendingBytes = 0
  /** When false, replies are discarded (CLIENT REPLY OFF/SKIP). */
  enabled = true
  /** Error replies written so far (failed_calls, total_error_replies). */
  errors = 0
  /** Called with each error text (errorstats); set by the server. */
  onError: ((msg: string) => void) | null = null

  // --- Scalars ---

  /** +OK style status. 's' must not contain CR or LF. */
  simple(s: string): void {
    this.raw(`+${s}${CRLF}`)
  }

  /** -ERR style error; 'msg' is the full text after '-', e.g. "ERR syntax error". */
  error(msg: string): void {
    this.errors++
    if (this.onError !== null) this.onError(msg)
    this.raw(`-${msg.replace(/[\r\n]/g, ' ')}${CRLF}`)
  }

  integer(n: number | bigint): void {
    this.raw(`:${n}${CRLF}`)
  }

  bulk(v: Bulk): void {
    if (typeof v === 'string') {
      const n = v.length
      this.raw(n < HEADER_CACHE ? BULK_HEADERS[n]! + v + CRLF : `$${n}${CRLF}${v}${CRLF}`)
    } else {
      this.raw(`$${v.length}${CRLF}`)
      this.buffer(v)
      this.raw(CRLF)
    }
  }

  /** Bulk string from a number, as Redis's addReplyBulkLongLong. */
  bulkNumber(n: number | bigint): void {
    this.bulk(String(n))
  }

  /** Null bulk string: $-1 in RESP2, _ in RESP3. */
  nullBulk(): void {
    this.raw(this.resp === 2 ? '$-1\r\n' : '_\r\n')
  }

  /** Null array: *-1 in RESP2, _ in RESP3. */
  nullArray(): void {
    this.raw(this.resp === 2 ? '*-1\r\n' : '_\r\n')
  }

  /** A double: bulk string in RESP2, ',' in RESP3, formatted as Redis's %.17g. */
  double(d: number): void {
    const s = formatDouble(d)
    if (this.resp === 2) this.raw(`$${s.length}${CRLF}${s}${CRLF}`)
    else this.raw(`,${s}${CRLF}`)
  }

  /** A boolean: :1/:0 in RESP2, #t/#f in RESP3. */
  bool(b: boolean): void {
    if (this.resp === 2) this.raw(b ? ':1\r\n' : ':0\r\n')
    else this.raw(b ? '#t\r\n' : '#f\r\n')
  }

  /** Big number: bulk string in RESP2, '(' in RESP3. */
  bigNumber(digits: string): void {
    if (this.resp === 2) this.bulk(digits)
    else this.raw(`(${digits}${CRLF}`)
  }

  /** Verbatim string ('fmt' is three chars, e.g. "txt"): bulk string in RESP2. */
  verbatim(s: string, fmt = 'txt'): void {
    if (this.resp === 2) this.bulk(s)
    else this.raw(`=${s.length + 4}${CRLF}${fmt}:${s}${CRLF}`)
  }

  // --- Aggregates (the caller writes exactly 'n' elements after the header) ---

  arrayHeader(n: number): void {
    this.raw(n >= 0 && n < HEADER_CACHE ? ARRAY_HEADERS[n]! : `*${n}${CRLF}`)
  }

  /** Map of 'n' pairs: a flat array of 2n elements in RESP2. */
  mapHeader(n: number): void {
    this.raw(this.resp === 2 ? `*${n * 2}${CRLF}` : `%${n}${CRLF}`)
  }

  /** Set of 'n' elements: an array in RESP2. */
  setHeader(n: number): void {
    this.raw(this.resp === 2 ? `*${n}${CRLF}` : `~${n}${CRLF}`)
  }

  /** Out-of-band push of 'n' elements: an array in RESP2 (pub/sub messages). */
  pushHeader(n: number): void {
    this.raw(this.resp === 2 ? `*${n}${CRLF}` : `>${n}${CRLF}`)
  }

  /**
   * Array of the 'count' strings at(0) .. at(count - 1). The RESP bytes are encoded into a
   * scratch buffer by hand and taken back as one flat string per 64 KiB: half the cost of
   * concatenating three strings per element (LRANGE 100 of short elements: 2.3 -> 1.2 us).
   */
  stringArray(count: number, at: (i: number) => string): void {
    if (!this.enabled) return
    const b = SCRATCH
    let off = encodeLength(b, 0, 42, count)
    for (let i = 0; i < count; i++) {
      const v = at(i)
      const n = v.length
      if (off + n + MAX_FRAMING > SCRATCH_BYTES) {
        this.appendFlat(latin1Of(b, off))
        off = 0
        if (n + MAX_FRAMING > SCRATCH_BYTES) {
          this.appendFlat(`$${n}${CRLF}${v}${CRLF}`)
          continue
        }
      }
      off = encodeLength(b, off, 36, n)
      if (n < SHORT_COPY) {
        for (let j = 0; j < n; j++) b[off + j] = v.charCodeAt(j)
        off += n
      } else {
        off += (b as unknown as Latin1Codec).latin1Write(v, off)
      }
      b[off++] = 13
      b[off++] = 10
    }
    if (off > 0) this.appendFlat(latin1Of(b, off))
  }

  private appendFlat(s: string): void {
    this.out += s
    this.pendingBytes += s.length
  }

  /** Array of bulk strings. */
  bulkArray(items: readonly Bulk[]): void {
    this.arrayHeader(items.length)
    for (const it of items) this.bulk(it)
  }

  /** Pre-encoded RESP bytes (shared constant replies, captured replies). */
  raw(s: string): void {
    if (!this.enabled) return
    this.out += s
    this.pendingBytes += s.length
  }

  /** Pre-encoded RESP bytes as a Buffer. */
  buffer(b: Buffer): void {
    if (!this.enabled) return
    if (b.length < 4096) {
      this.out += b.toString('latin1')
    } else {
      if (this.parts === null) this.parts = []
      if (this.out.length > 0) this.parts.push(this.out)
      this.out = ''
      this.parts.push(b)
    }
    this.pendingBytes += b.length
  }

  /** True when output is waiting to be flushed. */
  hasPending(): boolean {
    return this.out.length > 0 || this.parts !== null
  }

  /** Hands all pending output to 'sink' (one write per string or buffer part). */
  flushTo(sink: ReplySink): void {
    if (this.parts !== null) {
      const parts = this.parts
      this.parts = null
      for (const p of parts) sink.write(p)
    }
    if (this.out.length > 0) {
      const s = this.out
      this.out = ''
      sink.write(s)
    }
    this.pendingBytes = 0
  }

  /** Takes pending output as a latin1 string (used to capture replies, e.g. for MULTI). */
  take(): string {
    let s = ''
    if (this.parts !== null) {
      for (const p of this.parts) s += typeof p === 'string' ? p : p.toString('latin1')
      this.parts = null
    }
    s += this.out
    this.out = ''
    this.pendingBytes = 0
    return s
  }
}
