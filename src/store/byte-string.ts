/**
 * The Buffer-backed form of the string type (DESIGN.md section 3): a growable byte buffer
 * used for values that are mutated in place (SETBIT, BITFIELD, SETRANGE, APPEND on such a
 * value) once they are large enough for a per-write string rebuild to matter, and for values
 * longer than a V8 string can hold. Plain latin1 JS strings stay the common form.
 * Helpers here read either form ('StringValue') without caring which one it is.
 */

import type { StoredObject, Value } from './value.js'

/** Longest JS string V8 can create (2^29 - 24 chars): longer values must be ByteStrings. */
export const MAX_JS_STRING_LENGTH = 2 ** 29 - 24

/**
 * Values at least this long switch to the ByteString form when written in place: below it,
 * rebuilding the latin1 string per write costs less than a Buffer object per key.
 */
export const INPLACE_MIN_LENGTH = 256

/** Growth beyond this adds this much spare capacity instead of doubling (as sds's SDS_MAX_PREALLOC). */
const MAX_PREALLOC = 1024 * 1024

/** A string value held as bytes; 'buf' has spare capacity beyond 'len', always zero-filled. */
export class ByteString implements StoredObject {
  readonly typeName = 'string' as const
  /** Backing store; bytes at and after 'len' are zero. */
  buf: Buffer
  /** Length of the value in bytes. */
  len: number

  constructor(buf: Buffer, len: number = buf.length) {
    this.buf = buf
    this.len = len
  }

  /** A ByteString holding the bytes of latin1 string 's', zero-padded to 'minLength'. */
  static fromString(s: string, minLength = 0): ByteString {
    const len = Math.max(s.length, minLength)
    const b = new ByteString(Buffer.alloc(capacityFor(len)), len)
    b.buf.write(s, 0, 'latin1')
    return b
  }

  /** Grows to at least 'n' bytes, zero-filling the new part (sdsgrowzero). */
  ensureLength(n: number): void {
    if (n <= this.len) return
    if (n > this.buf.length) {
      const next = Buffer.alloc(capacityFor(n))
      this.buf.copy(next, 0, 0, this.len)
      this.buf = next
    }
    this.len = n
  }

  /** Writes latin1 string 's' at byte 'offset', growing as needed. */
  writeAt(offset: number, s: string): void {
    this.ensureLength(offset + s.length)
    this.buf.write(s, offset, 'latin1')
  }

  /** Appends latin1 string 's' (amortised O(len(s))). */
  append(s: string): void {
    this.writeAt(this.len, s)
  }

  /** The value as a latin1 string (a copy); only for values up to MAX_JS_STRING_LENGTH. */
  toString(): string {
    return this.buf.toString('latin1', 0, this.len)
  }

  /** A view of the bytes: valid until the next write, never to be kept or handed out. */
  view(): Buffer {
    return this.buf.subarray(0, this.len)
  }

  /** An independent copy of the bytes (safe to queue for output). */
  copyBytes(start = 0, end: number = this.len): Buffer {
    return Buffer.from(this.buf.subarray(start, end))
  }

  encoding(): string {
    return 'raw'
  }

  clone(): ByteString {
    return new ByteString(Buffer.from(this.buf), this.len)
  }

  estimateBytes(): number {
    return this.buf.length + 64
  }
}

/** Capacity for a value of 'n' bytes: double while small, then 1 MB of slack (sdsMakeRoomFor). */
function capacityFor(n: number): number {
  return n < MAX_PREALLOC ? Math.max(16, n * 2) : n + MAX_PREALLOC
}

/** Either form of the string type. */
export type StringValue = string | ByteString

/** True when 'v' is of the string type, in either form. */
export function isStringValue(v: Value): v is StringValue {
  return typeof v === 'string' || v instanceof ByteString
}

/** Length in bytes of a string value. */
export function stringLength(v: StringValue): number {
  return typeof v === 'string' ? v.length : v.len
}

/** Byte 'i' of a string value (0 beyond its end). */
export function byteAt(v: StringValue, i: number): number {
  if (typeof v === 'string') return i < v.length ? v.charCodeAt(i) : 0
  return i < v.len ? v.buf[i]! : 0
}

/**
 * The bytes of a string value for reading: a view for a ByteString (valid until the next
 * write), a fresh copy for a JS string.
 */
export function readBytes(v: StringValue): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : v.view()
}

/**
 * Bytes [start, end) of a string value for reading (within its length): a view for a
 * ByteString, a copy of just that part for a JS string.
 */
export function readRange(v: StringValue, start: number, end: number): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v.slice(start, end), 'latin1') : v.buf.subarray(start, end)
}

/** The value as a latin1 JS string (copies a ByteString; throws beyond MAX_JS_STRING_LENGTH). */
export function stringContent(v: StringValue): string {
  return typeof v === 'string' ? v : v.toString()
}

/**
 * The value in the form best suited to be written in place, growing to 'minLength' bytes:
 * a ByteString when the result is long enough (INPLACE_MIN_LENGTH), else null, meaning
 * "rebuild the JS string". 'v' is undefined for a key being created.
 */
export function toInPlace(v: StringValue | undefined, minLength: number): ByteString | null {
  if (v instanceof ByteString) {
    v.ensureLength(minLength)
    return v
  }
  const len = Math.max(v === undefined ? 0 : v.length, minLength)
  if (len < INPLACE_MIN_LENGTH) return null
  return ByteString.fromString(v ?? '', minLength)
}

/**
 * A value built from 'bytes' (not retained): a latin1 JS string when it fits one, else a
 * ByteString.
 */
export function valueFromBytes(bytes: Uint8Array): StringValue {
  if (bytes.length <= MAX_JS_STRING_LENGTH)
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  return new ByteString(Buffer.from(bytes))
}
