/**
 * Stored values: a latin1 JavaScript string is the string type (one char per byte, the
 * compact form DESIGN.md section 3 chooses); every other type is a class implementing
 * StoredObject. TYPE and WRONGTYPE checks use 'typeName'.
 */

/** Redis type names as TYPE prints them. */
export type TypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream'

/** A non-string value (hash, list, set, sorted set, stream). */
export interface StoredObject {
  readonly typeName: Exclude<TypeName, 'string'>
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
