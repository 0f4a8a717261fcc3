/**
 * Longest common subsequence of two byte strings (the LCS command), by the classic dynamic
 * programming table, walked back from the end to produce the subsequence and its matching
 * ranges the way Redis 7.0 reports them (last match first). See https://redis.io/commands/lcs/
 */

/** One matching range: inclusive byte ranges in 'a' and in 'b', and their length. */
export interface LcsMatch {
  aStart: number
  aEnd: number
  bStart: number
  bEnd: number
  len: number
}

/** What lcs() computes. */
export interface LcsResult {
  /** Length of the longest common subsequence. */
  len: number
  /** The subsequence itself (when asked for). */
  subsequence: Buffer | null
  /** Matching ranges of at least 'minMatchLen' bytes, last first (when asked for). */
  matches: LcsMatch[] | null
}

/** Bytes the DP table needs for inputs of 'alen' and 'blen' bytes (Redis's uint32 cells). */
export function lcsTableBytes(alen: number, blen: number): number {
  return (alen + 1) * (blen + 1) * 4
}

/**
 * Computes the LCS of 'a' and 'b'. Time and memory O(len(a) * len(b)): the caller bounds the
 * table size (lcsTableBytes) before calling. A RangeError escapes when the table cannot be
 * allocated.
 */
export function lcs(
  a: Uint8Array,
  b: Uint8Array,
  opts: { subsequence: boolean; matches: boolean; minMatchLen: number },
): LcsResult {
  const alen = a.length
  const blen = b.length
  const w = blen + 1
  const dp = new Uint32Array((alen + 1) * w)
  for (let i = 1; i <= alen; i++) {
    const ai = a[i - 1]!
    const row = i * w
    const prev = row - w
    for (let j = 1; j <= blen; j++) {
      if (ai === b[j - 1]) {
        dp[row + j] = dp[prev + j - 1]! + 1
      } else {
        const up = dp[prev + j]!
        const left = dp[row + j - 1]!
        dp[row + j] = up > left ? up : left
      }
    }
  }
  const total = dp[alen * w + blen]!
  if (!opts.subsequence && !opts.matches) return { len: total, subsequence: null, matches: null }

  const out = Buffer.alloc(total)
  const matches: LcsMatch[] | null = opts.matches ? [] : null
  let idx = total
  let i = alen
  let j = blen
  // The range being grown backwards; aStart === -1 means none is open.
  let aStart = -1
  let aEnd = 0
  let bStart = 0
  let bEnd = 0
  while (i > 0 && j > 0) {
    let emit = false
    if (a[i - 1] === b[j - 1]) {
      out[idx - 1] = a[i - 1]!
      if (aStart === -1) {
        aStart = aEnd = i - 1
        bStart = bEnd = j - 1
      } else if (aStart === i && bStart === j) {
        aStart--
        bStart--
      } else {
        emit = true
      }
      if (aStart === 0 || bStart === 0) emit = true
      idx--
      i--
      j--
    } else {
      if (dp[(i - 1) * w + j]! > dp[i * w + j - 1]!) i--
      else j--
      if (aStart !== -1) emit = true
    }
    if (emit) {
      const len = aEnd - aStart + 1
      if (matches !== null && (opts.minMatchLen === 0 || len >= opts.minMatchLen)) {
        matches.push({ aStart, aEnd, bStart, bEnd, len })
      }
      aStart = -1
    }
  }
  return { len: total, subsequence: opts.subsequence ? out : null, matches }
}
