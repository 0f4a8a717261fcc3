/**
 * Glob matching with the semantics of Redis 7.0's stringmatchlen() (util.c), used by KEYS,
 * SCAN MATCH, PSUBSCRIBE, ACL key and channel patterns, CONFIG GET and COMMAND LIST FILTERBY
 * PATTERN (the last two with 'nocase'). See https://redis.io/commands/keys/ for the syntax.
 *
 * Redis matches by backtracking recursion. Here the pattern is compiled once into one-char
 * tokens and stars, then matched by a two-pointer loop that remembers only the last star:
 * O(pattern * subject) time and O(1) extra space for any pattern (CVE-2022-36021 and
 * CVE-2024-31228 are about patterns that made Redis slow or overflow its stack).
 */

/**
 * Redis 7.0.15 (with the CVE-2024-31228 fix) fails any recursion deeper than 1000 stars: a
 * pattern whose 1001st group of stars is followed by anything never matches.
 */
export const GLOB_MAX_STAR_NESTING = 1000

/** A compiled pattern: true when 's' (a latin1 string, one char per byte) matches. */
export type GlobMatcher = (s: string) => boolean

// Token codes: 0..255 match exactly that byte; ANY is '?'; STAR is a run of '*'; CLASS + k
// matches the bytes set in tables[k].
const ANY = 256
const STAR = 257
const CLASS = 258

/** C's tolower() in the "C" locale (Redis never sets LC_CTYPE): only A-Z change. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

/** Redis compares 'char' values, which are signed on x86: bytes 128-255 order below 0. */
function signed(c: number): number {
  return c < 128 ? c : c - 256
}

interface Compiled {
  tokens: Int32Array
  tables: Uint8Array[]
  /** Pattern was empty: the only pattern that matches the empty string. */
  empty: boolean
  /** The pattern can never match because of the star nesting limit. */
  never: boolean
}

/** A byte table matching ASCII letter 'c' in either case. */
function letterTable(c: number): Uint8Array {
  const t = new Uint8Array(256)
  t[c] = 1
  t[c ^ 32] = 1
  return t
}

/**
 * Parses the bracket expression starting after '[' at 'i', exactly as Redis's loop walks it:
 * a leading '^' negates; '\x' adds x (compared case-sensitively even with 'nocase'); 'a-b' adds
 * a range (ends swapped when reversed, compared as signed chars, lowered when 'nocase'; the end
 * may be ']'); ']' closes; an unterminated class simply ends with the pattern. Returns the
 * byte table and the index after the class.
 */
function parseClass(p: string, i: number, nocase: boolean): [Uint8Array, number] {
  const n = p.length
  const table = new Uint8Array(256)
  const negate = i < n && p.charCodeAt(i) === 94
  if (negate) i++
  for (;;) {
    if (i >= n) break
    const c = p.charCodeAt(i)
    if (c === 92 && n - i >= 2) {
      table[p.charCodeAt(i + 1)] = 1
      i += 2
    } else if (c === 93) {
      i++
      break
    } else if (n - i >= 3 && p.charCodeAt(i + 1) === 45) {
      let start = signed(c)
      let end = signed(p.charCodeAt(i + 2))
      if (start > end) [start, end] = [end, start]
      if (nocase) {
        start = lower(start)
        end = lower(end)
      }
      for (let b = 0; b < 256; b++) {
        const v = nocase ? lower(signed(b)) : signed(b)
        if (v >= start && v <= end) table[b] = 1
      }
      i += 3
    } else {
      table[c] = 1
      if (nocase && isLetter(c)) table[c ^ 32] = 1
      i++
    }
  }
  if (negate) for (let b = 0; b < 256; b++) table[b] = table[b] === 1 ? 0 : 1
  return [table, i]
}

function compile(p: string, nocase: boolean): Compiled {
  const n = p.length
  const tokens: number[] = []
  const tables: Uint8Array[] = []
  let starGroups = 0
  let i = 0
  while (i < n) {
    const c = p.charCodeAt(i)
    if (c === 42) {
      while (i < n && p.charCodeAt(i) === 42) i++
      tokens.push(STAR)
      starGroups++
      continue
    }
    if (c === 63) {
      tokens.push(ANY)
      i++
      continue
    }
    if (c === 91) {
      const [table, next] = parseClass(p, i + 1, nocase)
      tokens.push(CLASS + tables.length)
      tables.push(table)
      i = next
      continue
    }
    // A backslash escapes the next char; a trailing backslash is literal.
    let lit = c
    if (c === 92 && i + 1 < n) lit = p.charCodeAt(++i)
    i++
    if (nocase && isLetter(lit)) {
      tokens.push(CLASS + tables.length)
      tables.push(letterTable(lit))
    } else if (lit > 255) {
      // Not a latin1 byte (a caller bug): match nothing rather than alias a token code.
      tokens.push(CLASS + tables.length)
      tables.push(new Uint8Array(256))
    } else tokens.push(lit)
  }
  const last = tokens[tokens.length - 1]
  const never =
    starGroups > GLOB_MAX_STAR_NESTING + 1 || (starGroups === GLOB_MAX_STAR_NESTING + 1 && last !== STAR)
  return { tokens: Int32Array.from(tokens), tables, empty: n === 0, never }
}

function run(cp: Compiled, s: string): boolean {
  const n = s.length
  // redis 7.0: the matching loop never runs for an empty subject, so "*" does not match "".
  if (n === 0) return cp.empty
  if (cp.never) return false
  const { tokens, tables } = cp
  const m = tokens.length
  let t = 0
  let i = 0
  let starT = -1
  let starI = 0
  while (i < n) {
    if (t < m) {
      const tok = tokens[t]!
      if (tok === STAR) {
        starT = ++t
        starI = i
        continue
      }
      const c = s.charCodeAt(i)
      if (tok < 256 ? tok === c : tok === ANY || tables[tok - CLASS]![c] === 1) {
        t++
        i++
        continue
      }
    }
    if (starT < 0) return false
    t = starT
    i = ++starI
  }
  while (t < m && tokens[t] === STAR) t++
  return t === m
}

/**
 * Compiles 'pattern' once for repeated matching (KEYS, SCAN, pattern subscriptions, ACL
 * patterns). Compilation is O(pattern length * 256) at worst; each match is O(pattern * s).
 */
export function compileGlob(pattern: string, nocase = false): GlobMatcher {
  const cp = compile(pattern, nocase)
  return (s: string): boolean => run(cp, s)
}

/**
 * True when latin1 string 's' matches glob 'pattern' as Redis's stringmatchlen() decides:
 * '*' any run (even empty), '?' one byte, '[abc]' '[^abc]' '[a-z]' classes, '\' escapes;
 * case-insensitive (ASCII letters only) when 'nocase'. An empty 's' matches only an empty
 * pattern.
 */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  return run(compile(pattern, nocase), s)
}
