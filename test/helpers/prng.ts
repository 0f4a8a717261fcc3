/**
 * Test helper: a small seeded PRNG (mulberry32) so random command sequences and chunkings can be
 * replayed exactly from the seed printed on failure. Not for anything security related.
 */

/** mulberry32: a 32-bit state generator returning floats in [0, 1). Same seed, same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Convenience draws over one mulberry32 stream. */
export interface Prng {
  /** The seed this generator started from (print it on failure to replay). */
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, 'maxExclusive'). */
  int(maxExclusive: number): number
  /** An integer in ['min', 'max'] inclusive. */
  range(min: number, max: number): number
  /** True with probability 'p'. */
  bool(p?: number): boolean
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** A string of 'length' characters drawn from 'alphabet' (default a-z). */
  string(length: number, alphabet?: string): string
  /** 'length' random bytes. */
  bytes(length: number): Buffer
  /** A copy of 'items' in random order. */
  shuffle<T>(items: readonly T[]): T[]
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz'

/** A Prng seeded with 'seed' (any integer; only the low 32 bits are used). */
export function createPrng(seed: number): Prng {
  const next = mulberry32(seed)
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive)
  return {
    seed,
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    bool: (p = 0.5) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() from an empty array')
      return items[int(items.length)]!
    },
    string(length, alphabet = LOWER) {
      let s = ''
      for (let i = 0; i < length; i++) s += alphabet[int(alphabet.length)]
      return s
    },
    bytes(length) {
      const b = Buffer.allocUnsafe(length)
      for (let i = 0; i < length; i++) b[i] = int(256)
      return b
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice()
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1)
        const tmp = out[i]!
        out[i] = out[j]!
        out[j] = tmp
      }
      return out
    },
  }
}

/**
 * A seed for a randomised test: the environment variable 'REDOUBT_SEED' when set (to replay a
 * failure), else 'fallback' when given, else a fresh random one.
 */
export function testSeed(fallback?: number): number {
  const fromEnv = process.env.REDOUBT_SEED
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv)
    if (!Number.isInteger(n))
      throw new Error(`REDOUBT_SEED must be an integer, got ${JSON.stringify(fromEnv)}`)
    return n
  }
  return fallback ?? Math.floor(Math.random() * 2 ** 32)
}
