/**
 * Stored values: a latin1 JavaScript string is the string type (one char per byte, the
 * compact form DESIGN.md section 3 chooses); every other type is a class implementing
 * StoredObject. TYPE and WRONGTYPE checks use 'typeName' (or typeOf()).
 *
 * The string type has a second form: ByteString (store/byte-string.ts), a StoredObject whose
 * typeName is 'string', holding bytes in a growable Buffer. Bit and range writes (SETBIT,
 * BITFIELD, SETRANGE) create it for values of INPLACE_MIN_LENGTH bytes or more so they can
 * write in place, and any value longer than a V8 string can hold uses it. So "is this a
 * string?" is typeOf(v) === 'string' (or isStringValue(v)), never just typeof v === 'string';
 * byte-string.ts has helpers that read either form (stringLength, stringContent, readBytes).
 */

/** Redis type names as TYPE prints them. */
export type TypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream'

/** A value held as an object: hash, list, set, sorted set, stream, or a ByteString ('string'). */
export interface StoredObject {
  readonly typeName: TypeName
  /** OBJECT ENCODING as Redis would report it under the current thresholds. */
  encoding(): string
  /** Deep copy (COPY). */
  clone(): StoredObject
  /** Rough byte cost for INFO memory (documented estimate). */
  estimateBytes(): number
}

/** What a key can hold. */
export type Value = string | StoredObject

/** TYPE name of a value. */
export function typeOf(v: Value): TypeName {
  return typeof v === 'string' ? 'string' : v.typeName
}
