/**
 * Pattern subscriptions (PSUBSCRIBE, PUNSUBSCRIBE, PUBSUB NUMPAT): each distinct pattern is
 * compiled once with util/glob.ts and kept with the subscribers that asked for it.
 * See https://redis.io/docs/manual/pubsub/ (Pattern-matching subscriptions).
 */

import { compileGlob, type GlobMatcher } from '../util/glob.js'

/** One subscribed pattern: its compiled matcher and subscribers in subscription order. */
interface PatternEntry<S> {
  readonly match: GlobMatcher
  readonly subscribers: Set<S>
}

/**
 * Patterns to subscribers. Matching a channel costs one compiled-glob run per distinct
 * pattern, each O(pattern length * channel length) whatever the pattern (glob.ts), so a
 * hostile pattern cannot make PUBLISH exponential.
 */
export class PatternSubscriptions<S> {
  private readonly byPattern = new Map<string, PatternEntry<S>>()

  /** Number of distinct patterns with at least one subscriber (PUBSUB NUMPAT). */
  get size(): number {
    return this.byPattern.size
  }

  /** Adds 'sub' to 'pattern'; false when it was already there. */
  add(pattern: string, sub: S): boolean {
    let e = this.byPattern.get(pattern)
    if (e === undefined) {
      e = { match: compileGlob(pattern), subscribers: new Set() }
      this.byPattern.set(pattern, e)
    }
    if (e.subscribers.has(sub)) return false
    e.subscribers.add(sub)
    return true
  }

  /** Removes 'sub' from 'pattern' (dropping the pattern when none is left); false if absent. */
  remove(pattern: string, sub: S): boolean {
    const e = this.byPattern.get(pattern)
    if (e === undefined || !e.subscribers.delete(sub)) return false
    if (e.subscribers.size === 0) this.byPattern.delete(pattern)
    return true
  }

  /** Calls 'fn' for every (pattern, subscriber) whose pattern matches 'channel'; returns how many. */
  forEachMatch(channel: string, fn: (pattern: string, sub: S) => void): number {
    let n = 0
    for (const [pattern, e] of this.byPattern) {
      if (!e.match(channel)) continue
      for (const sub of e.subscribers) {
        fn(pattern, sub)
        n++
      }
    }
    return n
  }
}
