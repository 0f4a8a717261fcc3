/**
 * Turns the bytes of a bulk argument into its latin1 string (one char per byte) for the
 * request parser, as cheaply as V8 allows. Requests repeat themselves: every pipelined SET
 * sends "SET", most values of a benchmark are equal, a counter's key comes back again and
 * again. An argument equal to one decoded recently is recognised by comparing bytes and comes
 * back as the same string, which costs no allocation and whose hash V8 has already computed
 * for the keyspace and command-table lookups. Anything else is decoded afresh.
 *
 * - Short arguments (under SHORT_ARG bytes) are remembered one per slot, a slot per length
 *   and low bits of the first byte (so "SET" and "xxx" do not evict each other), in a table
 *   all connections share: per connection it would add 2 KB to each one's memory. A miss is
 *   cut from a decoded window of the buffer with String.prototype.slice, which V8 copies for
 *   strings under 13 characters (a SlicedString would keep the whole window alive once
 *   stored): one native decode per window instead of one per argument.
 * - Longer arguments up to REPEAT_MAX bytes are compared with the last one decoded. (A
 *   DataView to compare four bytes at a time cost more to make, per read, than it saved.)
 */

import { latin1 } from './latin1-decode.js'

/** Arguments shorter than this are short (see above). */
const SHORT_ARG = 13
/** Slots per short length: the first byte's low bits pick one. */
const SLOT_BITS = 3
const SHORT_SLOTS = SHORT_ARG << SLOT_BITS
/** Arguments up to this long are compared with the last long one before decoding. */
const REPEAT_MAX = 64
/** Bytes decoded per window. */
const WINDOW_BYTES = 1024

/** Short strings remembered per slot, and their bytes (SHORT_ARG bytes per slot). */
export class ShortArgTable {
  readonly strs: string[] = new Array<string>(SHORT_SLOTS).fill('')
  readonly bytes = new Uint8Array(SHORT_SLOTS * SHORT_ARG)
}

/** The table of every decoder not given its own (the process's connections). */
const sharedShortArgs = new ShortArgTable()

export class ArgDecoder {
  private buf: Buffer = Buffer.alloc(0)
  /** End of the readable bytes of 'buf' (a window never reaches past it). */
  private end = 0
  /** latin1 of buf[winStart, winStart + win.length), decoded on the first short miss. */
  private win = ''
  private winStart = 0
  private readonly shortStrs: string[]
  private readonly shortBytes: Uint8Array
  /** The last argument of SHORT_ARG..REPEAT_MAX bytes decoded: an equal one reuses it. */
  private lastLong = ''
  /**
   * lastLong's bytes, once a repeat was seen (lastBytesValid): later repeats then compare
   * bytes with bytes, much cheaper than charCodeAt. Arguments that never repeat cost no copy.
   */
  private readonly lastBytes = new Uint8Array(REPEAT_MAX)
  private lastBytesValid = false

  constructor(shortArgs: ShortArgTable = sharedShortArgs) {
    this.shortStrs = shortArgs.strs
    this.shortBytes = shortArgs.bytes
  }

  /** The parser's buffer changed (new bytes, or a new buffer): [0, end) is readable. */
  reset(buf: Buffer, end: number): void {
    this.buf = buf
    this.end = end
    this.win = ''
  }

  /** Bytes [start, end) of the buffer as a string (end - start < 2^29, within 'end'). */
  decode(start: number, end: number): string {
    const len = end - start
    if (len < SHORT_ARG) return this.short(start, len)
    if (len > REPEAT_MAX) return latin1(this.buf, start, end)
    if (len === this.lastLong.length && this.repeatsLast(start, len)) return this.lastLong
    const s = latin1(this.buf, start, end)
    this.lastLong = s
    this.lastBytesValid = false
    return s
  }

  private short(start: number, len: number): string {
    if (len === 0) return ''
    const buf = this.buf
    const slot = (len << SLOT_BITS) | (buf[start]! & ((1 << SLOT_BITS) - 1))
    const bytes = this.shortBytes
    const at = slot * SHORT_ARG
    const known = this.shortStrs[slot]!
    if (known.length === len) {
      // From the end: arguments that differ (key:17, key:42) usually differ there first.
      let j = len - 1
      while (j >= 0 && buf[start + j] === bytes[at + j]) j--
      if (j < 0) return known
    }
    let from = start - this.winStart
    if (from < 0 || start + len - this.winStart > this.win.length) {
      this.win = latin1(buf, start, Math.min(this.end, start + WINDOW_BYTES))
      this.winStart = start
      from = 0
    }
    const s = this.win.slice(from, from + len)
    this.shortStrs[slot] = s
    for (let i = 0; i < len; i++) bytes[at + i] = buf[start + i]!
    return s
  }

  /** True when buf[start, start + len) are lastLong's bytes (len is its length). */
  private repeatsLast(start: number, len: number): boolean {
    const buf = this.buf
    // From the end: keys that differ (key:000123 after key:000456) differ there first.
    let j = len - 1
    if (this.lastBytesValid) {
      const bytes = this.lastBytes
      while (j >= 0 && buf[start + j] === bytes[j]) j--
      return j < 0
    }
    const last = this.lastLong
    while (j >= 0 && buf[start + j] === last.charCodeAt(j)) j--
    if (j >= 0) return false
    for (let i = 0; i < len; i++) this.lastBytes[i] = buf[start + i]!
    this.lastBytesValid = true
    return true
  }
}
