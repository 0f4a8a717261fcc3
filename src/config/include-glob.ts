/**
 * Expansion of wildcard 'include' paths (include /etc/redis/conf.d/*.conf), as the POSIX
 * glob(3) call Redis 7.0 makes: '*', '?' and '[...]' match within one path component, names
 * starting with '.' match only a pattern starting with '.', results sorted, none is no error.
 */

import { readdirSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** True when 'path' holds a wildcard character, so Redis globs it instead of opening it. */
export function hasWildcard(path: string): boolean {
  return /[*?[]/.test(path)
}

/**
 * fnmatch() for one path component without flags: '*' any run, '?' one character, '[a-z]'
 * a class ('!' or '^' negates; a ']' first is literal; an unterminated '[' is literal),
 * '\\' quotes the next character. Iterative with one backtrack point, so linear-ish.
 */
export function matchComponent(pattern: string, name: string): boolean {
  let p = 0
  let n = 0
  let starP = -1
  let starN = 0
  while (n < name.length) {
    if (p < pattern.length) {
      const pc = pattern[p]!
      if (pc === '*') {
        starP = p++
        starN = n
        continue
      }
      if (pc === '[') {
        const m = matchClass(pattern, p, name[n]!)
        if (m.end !== -1) {
          if (m.matched) {
            p = m.end
            n++
            continue
          }
        } else if (name[n] === '[') {
          p++
          n++
          continue
        }
      } else if (pc === '?' || (pc === '\\' && pattern[p + 1] === name[n]) || pc === name[n]) {
        p += pc === '\\' ? 2 : 1
        n++
        continue
      }
    }
    if (starP === -1) return false
    p = starP + 1
    n = ++starN
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

/** Matches 'c' against the class opening at 'start'; end is -1 when the class is unterminated. */
function matchClass(pattern: string, start: number, c: string): { matched: boolean; end: number } {
  let i = start + 1
  const negate = pattern[i] === '!' || pattern[i] === '^'
  if (negate) i++
  let matched = false
  let first = true
  while (i < pattern.length && (first || pattern[i] !== ']')) {
    first = false
    let lo = pattern[i]!
    if (lo === '\\' && i + 1 < pattern.length) lo = pattern[++i]!
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2]!
      if (hi === '\\' && i + 3 < pattern.length) hi = pattern[++i + 2]!
      if (c >= lo && c <= hi) matched = true
      i += 3
    } else {
      if (c === lo) matched = true
      i++
    }
  }
  if (i >= pattern.length) return { matched: false, end: -1 }
  return { matched: matched !== negate, end: i + 1 }
}

/**
 * The files 'pattern' names, resolved against 'cwd', sorted; each is returned relative to
 * 'cwd' when the pattern was relative (as glob(3) returns them), else absolute.
 */
export function expandIncludeGlob(pattern: string, cwd: string): string[] {
  const abs = resolve(cwd, pattern)
  const parts = abs.split(sep).filter((s, i) => s !== '' || i === 0)
  let paths = [parts[0] === '' ? sep : parts[0]!]
  for (const part of parts.slice(1)) {
    const next: string[] = []
    for (const dir of paths) {
      if (!hasWildcard(part)) {
        next.push(join(dir, part))
        continue
      }
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        continue
      }
      for (const name of names.sort()) {
        if (name.startsWith('.') && !part.startsWith('.')) continue
        if (matchComponent(part, name)) next.push(join(dir, name))
      }
    }
    paths = next
  }
  const files = paths.filter((p) => {
    try {
      statSync(p)
      return true
    } catch {
      return false
    }
  })
  files.sort()
  return isAbsolute(pattern) ? files : files.map((f) => relative(cwd, f))
}
