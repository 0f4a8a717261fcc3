/**
 * Pure bit-level helpers behind the bitmap commands (BITCOUNT, BITPOS, BITOP, BITFIELD) and
 * the index arithmetic GETRANGE shares with them. Bits are numbered from the most significant
 * bit of byte 0, as Redis does. See https://redis.io/docs/data-types/bitmaps/
 */

/** Set bits in each byte value. */
const POPCOUNT8 = new Uint8Array(256)
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + POPCOUNT8[i >> 1]!

/** Number of set bits in bytes [start, end) of 'bytes'. O(end - start). */
export function popcount(bytes: Uint8Array, start: number, end: number): number {
  let n = 0
  let i = start
  // Four bytes per step through a 32-bit SWAR count, then the tail byte by byte.
  for (; i + 4 <= end; i += 4) {
    let x = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0
    x -= (x >>> 1) & 0x55555555
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    x = (x + (x >>> 4)) & 0x0f0f0f0f
    n += Math.imul(x, 0x01010101) >>> 24
  }
  for (; i < end; i++) n += POPCOUNT8[bytes[i]!]!
  return n
}

/**
 * Resolves a [start, end] index pair given by a client (negative counts from the end) against
 * a length 'len', as GETRANGE, BITCOUNT and BITPOS do: returns inclusive bounds within
 * [0, len - 1], or null for an empty range. With 'bothNegativeCheck' (GETRANGE, BITCOUNT) a
 * pair of negative indexes with start > end is empty before any clamping; BITPOS skips that
 * check, so e.g. (-20, -30) on a 10-byte value clamps to (0, 0).
 */
export function resolveRange(
  start: bigint,
  end: bigint,
  len: number,
  bothNegativeCheck: boolean,
): [number, number] | null {
  if (bothNegativeCheck && start < 0n && end < 0n && start > end) return null
  const n = BigInt(len)
  if (start < 0n) start += n
  if (end < 0n) end += n
  if (start < 0n) start = 0n
  if (end < 0n) end = 0n
  if (end >= n) end = n - 1n
  if (start > end || len === 0) return null
  return [Number(start), Number(end)]
}

/**
 * First bit equal to 'bit' within absolute bit positions [from, to] (inclusive, inside
 * 'bytes'); -1 when there is none. Whole bytes are skipped at once. O(to - from).
 */
export function findBit(bytes: Uint8Array, bit: 0 | 1, from: number, to: number): number {
  const skip = bit === 1 ? 0x00 : 0xff
  let i = from
  while (i <= to) {
    if ((i & 7) === 0 && i + 7 <= to) {
      const b = bytes[i >> 3]!
      if (b === skip) {
        i += 8
        continue
      }
      const x = bit === 1 ? b : ~b & 0xff
      return i + Math.clz32(x) - 24
    }
    if (((bytes[i >> 3]! >> (7 - (i & 7))) & 1) === bit) return i
    i++
  }
  return -1
}

/** A BITOP operation. */
export type BitOp = 'and' | 'or' | 'xor' | 'not'

/**
 * Combines 'sources' (null = a missing key, i.e. an empty string) byte by byte; shorter
 * inputs count as zero-padded. The result is as long as the longest input. NOT takes one.
 */
export function bitop(op: BitOp, sources: readonly (Uint8Array | null)[]): Buffer {
  let maxlen = 0
  for (const s of sources) if (s !== null && s.length > maxlen) maxlen = s.length
  const out = Buffer.alloc(maxlen)
  if (maxlen === 0) return out
  const first = sources[0] ?? null
  if (op === 'not') {
    for (let i = 0; i < maxlen; i++) out[i] = ~first![i]! & 0xff
    return out
  }
  if (first !== null) out.set(first, 0)
  for (let k = 1; k < sources.length; k++) {
    const s = sources[k] ?? null
    const len = s === null ? 0 : s.length
    if (op === 'and') {
      for (let i = 0; i < len; i++) out[i]! &= s![i]!
      out.fill(0, len)
    } else if (op === 'or') {
      for (let i = 0; i < len; i++) out[i]! |= s![i]!
    } else {
      for (let i = 0; i < len; i++) out[i]! ^= s![i]!
    }
  }
  return out
}

// --- BITFIELD integers ---

/** Overflow behaviour of BITFIELD SET/INCRBY. */
export type BitfieldOverflow = 'wrap' | 'sat' | 'fail'

/**
 * Reads 'bits' (1..64) bits at bit 'offset' as an unsigned integer; bytes past the end of
 * 'bytes' read as zero.
 */
export function getUnsignedBits(bytes: Uint8Array, offset: number, bits: number): bigint {
  let hi = 0
  let lo = 0
  for (let j = 0; j < bits; j++) {
    const pos = offset + j
    const byte = pos >>> 3
    const b = byte < bytes.length ? (bytes[byte]! >> (7 - (pos & 7))) & 1 : 0
    // Shift the 64-bit (hi, lo) pair left by one and add the bit.
    hi = ((hi << 1) | (lo >>> 31)) >>> 0
    lo = ((lo << 1) | b) >>> 0
  }
  return (BigInt(hi) << 32n) | BigInt(lo)
}

/** Reads 'bits' bits at 'offset' as a two's complement signed integer. */
export function getSignedBits(bytes: Uint8Array, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsignedBits(bytes, offset, bits))
}

/** Writes the low 'bits' bits of 'value' at bit 'offset' (the buffer must be long enough). */
export function setBits(bytes: Uint8Array, offset: number, bits: number, value: bigint): void {
  const v = BigInt.asUintN(64, value)
  const lo = Number(v & 0xffffffffn)
  const hi = Number(v >> 32n)
  for (let j = 0; j < bits; j++) {
    const k = bits - 1 - j
    const b = k < 32 ? (lo >>> k) & 1 : (hi >>> (k - 32)) & 1
    const pos = offset + j
    const byte = pos >>> 3
    const mask = 1 << (7 - (pos & 7))
    bytes[byte] = b === 1 ? bytes[byte]! | mask : bytes[byte]! & ~mask
  }
}

/** Outcome of a BITFIELD write: the value to store and whether it overflowed. */
export interface BitfieldResult {
  value: bigint
  overflow: boolean
}

/**
 * Signed field of 'bits' bits: 'value' + 'incr' (SET passes the new value and 0), checked
 * against [-2^(bits-1), 2^(bits-1) - 1]. On overflow WRAP truncates in two's complement,
 * SAT clamps, FAIL reports it (the caller then writes nothing).
 */
export function signedFieldAdd(
  value: bigint,
  incr: bigint,
  bits: number,
  ow: BitfieldOverflow,
): BitfieldResult {
  const max = (1n << BigInt(bits - 1)) - 1n
  const min = -max - 1n
  const sum = value + incr
  if (sum >= min && sum <= max) return { value: sum, overflow: false }
  if (ow === 'sat') return { value: sum > max ? max : min, overflow: true }
  return { value: BigInt.asIntN(bits, sum), overflow: true }
}

/**
 * Unsigned field of 'bits' (1..63) bits: 'value' (as unsigned 64-bit; SET passes the new
 * value reinterpreted so negative values count as huge) plus signed 'incr', checked against
 * [0, 2^bits - 1], with the same overflow behaviours.
 */
export function unsignedFieldAdd(
  value: bigint,
  incr: bigint,
  bits: number,
  ow: BitfieldOverflow,
): BitfieldResult {
  const max = (1n << BigInt(bits)) - 1n
  const v = BigInt.asUintN(64, value)
  const sum = v + incr
  if (v <= max && sum >= 0n && sum <= max) return { value: sum, overflow: false }
  if (ow === 'sat') return { value: v > max || sum > max ? max : 0n, overflow: true }
  return { value: BigInt.asUintN(bits, sum), overflow: true }
}
