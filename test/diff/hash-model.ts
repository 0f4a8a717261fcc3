/**
 * A model of hash keys for the random differential test: which fields and values each key
 * holds and whether Redis 7.0 keeps it as a listpack, following Redis's conversion rules. The
 * generator uses it to choose how each reply is compared (byte for byte while a listpack,
 * in any order once a hash table) and to know what a random sample may contain. The model is
 * itself checked: OBJECT ENCODING, HGETALL and friends are compared with redis-server.
 */

import { incrByFloat } from '../../src/util/long-double.js'

/** Encoding thresholds the servers run with. */
export interface HashModelLimits {
  entries: number
  value: number
}

export interface ModelHash {
  readonly kind: 'hash'
  readonly map: Map<string, string>
  listpack: boolean
}

/** Keys of other types (a string), for WRONGTYPE. */
export interface ModelOther {
  readonly kind: 'other'
}

const INT64 = /^(0|-?[1-9][0-9]{0,18})$/

/** string2ll rules: canonical decimal within int64. */
export function strictInt(s: string): bigint | null {
  if (!INT64.test(s)) return null
  const v = BigInt(s)
  return v < -(2n ** 63n) || v > 2n ** 63n - 1n ? null : v
}

export class HashModel {
  readonly keys = new Map<string, ModelHash | ModelOther>()

  constructor(readonly limits: HashModelLimits) {}

  /** The hash at 'key', undefined when missing, null when another type. */
  hash(key: string): ModelHash | undefined | null {
    const v = this.keys.get(key)
    if (v === undefined) return undefined
    return v.kind === 'hash' ? v : null
  }

  /** hashTypeLookupWriteOrCreate. */
  private forWrite(key: string): ModelHash | null {
    const h = this.hash(key)
    if (h === null) return null
    if (h !== undefined) return h
    const created: ModelHash = { kind: 'hash', map: new Map(), listpack: true }
    this.keys.set(key, created)
    return created
  }

  private setField(h: ModelHash, field: string, value: string): void {
    const { entries, value: maxValue } = this.limits
    if (h.listpack && (field.length > maxValue || value.length > maxValue)) h.listpack = false
    const isNew = !h.map.has(field)
    h.map.set(field, value)
    if (isNew && h.listpack && h.map.size > entries) h.listpack = false
  }

  hset(key: string, pairs: string[]): void {
    const h = this.forWrite(key)
    if (h === null) return
    if (pairs.some((s) => s.length > this.limits.value)) h.listpack = false
    for (let i = 0; i < pairs.length; i += 2) this.setField(h, pairs[i] as string, pairs[i + 1] as string)
  }

  hsetnx(key: string, field: string, value: string): void {
    const h = this.forWrite(key)
    if (h === null || h.map.has(field)) return
    this.hset(key, [field, value])
  }

  hdel(key: string, fields: string[]): void {
    const h = this.hash(key)
    if (!h) return
    for (const f of fields) {
      h.map.delete(f)
      if (h.map.size === 0) {
        this.keys.delete(key)
        return
      }
    }
  }

  hincrby(key: string, field: string, incr: string): void {
    const by = strictInt(incr)
    if (by === null) return
    const h = this.forWrite(key)
    if (h === null) return
    const cur = strictInt(h.map.get(field) ?? '0')
    if (cur === null) return
    const sum = cur + by
    if (sum < -(2n ** 63n) || sum > 2n ** 63n - 1n) return
    this.setField(h, field, String(sum))
  }

  hincrbyfloat(key: string, field: string, incr: string): void {
    // An invalid or infinite increment is refused before the key is created.
    if (!incrByFloat('0', incr).ok) return
    const h = this.forWrite(key)
    if (h === null) return
    const r = incrByFloat(h.map.get(field) ?? '0', incr)
    if (r.ok) this.setField(h, field, r.value)
  }

  del(key: string): void {
    this.keys.delete(key)
  }

  setString(key: string): void {
    this.keys.set(key, { kind: 'other' })
  }
}
