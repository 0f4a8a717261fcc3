/**
 * client-output-buffer-limit for the normal and pubsub classes (and replica, for the day
 * redoubt has replicas): a client whose pending output reaches the hard limit, or stays at or
 * above the soft limit for the soft seconds, is disconnected before it can exhaust memory
 * (Redis checkClientOutputBufferLimits). Pending output is what the reply writer holds plus
 * what the socket has not yet put on the wire (socket.writableLength).
 * See https://redis.io/docs/reference/clients/#output-buffer-limits
 */

import type { ConfigStore } from '../config/config-store.js'
import { type OutputBufferLimit, outputBufferLimits } from '../config/special-types.js'

/** One class's limits in bytes and seconds (0: no limit). */
interface ClassLimit {
  readonly hard: number
  readonly soft: number
  readonly softMs: number
}

function toClass(l: OutputBufferLimit): ClassLimit {
  // Limits above 2^53 bytes are, in practice, no limit.
  const n = (b: bigint): number => (b > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(b))
  return { hard: n(l.hard), soft: n(l.soft), softMs: l.seconds * 1000 }
}

/** The smallest non-zero limit of a class: below it no check is needed. */
function thresholdOf(l: ClassLimit): number {
  if (l.hard === 0 && l.soft === 0) return Number.POSITIVE_INFINITY
  if (l.hard === 0) return l.soft
  if (l.soft === 0) return l.hard
  return Math.min(l.hard, l.soft)
}

/** The output-limit class of a client, as Redis getClientType() (no replicas in redoubt yet). */
export type OutputClass = 'normal' | 'pubsub'

/** Applies client-output-buffer-limit; follows CONFIG SET. */
export class OutputLimits {
  private normal: ClassLimit = { hard: 0, soft: 0, softMs: 0 }
  private pubsub: ClassLimit = { hard: 0, soft: 0, softMs: 0 }
  private normalAt = Number.POSITIVE_INFINITY
  private pubsubAt = Number.POSITIVE_INFINITY
  /** When each client first went over its soft limit (cleared once it drops below). */
  private readonly softSince = new WeakMap<object, number>()

  constructor(config: ConfigStore) {
    const load = (): null => {
      const all = outputBufferLimits(config.getString('client-output-buffer-limit'))
      this.normal = toClass(all.normal)
      this.pubsub = toClass(all.pubsub)
      this.normalAt = thresholdOf(this.normal)
      this.pubsubAt = thresholdOf(this.pubsub)
      return null
    }
    load()
    config.onChange('client-output-buffer-limit', load)
  }

  /**
   * Pending output below which a client of class 'cls' needs no check (Infinity when the
   * class has no limit): the hot path compares one number.
   */
  threshold(cls: OutputClass): number {
    return cls === 'pubsub' ? this.pubsubAt : this.normalAt
  }

  /**
   * True when client 'who' of class 'cls' with 'used' bytes of pending output must be
   * closed: at or over the hard limit, or over the soft limit for longer than allowed.
   * Redis's rule: the soft-limit timer starts the first time it is reached and resets
   * whenever the output drops back below it.
   */
  reached(who: object, cls: OutputClass, used: number, now: number): boolean {
    const l = cls === 'pubsub' ? this.pubsub : this.normal
    if (l.hard !== 0 && used >= l.hard) return true
    if (l.soft !== 0 && used >= l.soft) {
      const since = this.softSince.get(who)
      if (since === undefined) {
        this.softSince.set(who, now)
        return false
      }
      return now - since > l.softMs
    }
    this.softSince.delete(who)
    return false
  }
}
