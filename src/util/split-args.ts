/**
 * Splits a line into arguments the way Redis's sdssplitargs() does: blanks separate
 * arguments, "double quotes" take \n \r \t \b \a \xHH and \<char> escapes, 'single quotes'
 * take only \'. Used by inline commands and by redis.conf parsing.
 * Strings are latin1 (one char per byte); a NUL byte ends the line as it does in C.
 */

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

/** Returns the arguments, or null when quotes are unbalanced (Redis: "unbalanced quotes"). */
export function splitArgs(line: string): string[] | null {
  const nul = line.indexOf('\0')
  if (nul !== -1) line = line.slice(0, nul)
  const n = line.length
  const out: string[] = []
  let p = 0
  for (;;) {
    while (p < n && isSpace(line.charCodeAt(p))) p++
    if (p >= n) return out
    let inDouble = false
    let inSingle = false
    let done = false
    let cur = ''
    while (!done) {
      const c = p < n ? line.charCodeAt(p) : 0
      if (inDouble) {
        if (c === 92 && p + 3 < n && line.charCodeAt(p + 1) === 120) {
          const hi = hexValue(line.charCodeAt(p + 2))
          const lo = hexValue(line.charCodeAt(p + 3))
          if (hi >= 0 && lo >= 0) {
            cur += String.fromCharCode(hi * 16 + lo)
            p += 3
          } else {
            p++
            cur += 'x'
          }
        } else if (c === 92 && p + 1 < n) {
          p++
          const e = line.charCodeAt(p)
          switch (e) {
            case 110:
              cur += '\n'
              break
            case 114:
              cur += '\r'
              break
            case 116:
              cur += '\t'
              break
            case 98:
              cur += '\b'
              break
            case 97:
              cur += '\x07'
              break
            default:
              cur += line[p]
          }
        } else if (c === 34) {
          if (p + 1 < n && !isSpace(line.charCodeAt(p + 1))) return null
          done = true
        } else if (p >= n) {
          return null
        } else {
          cur += line[p]
        }
      } else if (inSingle) {
        if (c === 92 && p + 1 < n && line.charCodeAt(p + 1) === 39) {
          p++
          cur += "'"
        } else if (c === 39) {
          if (p + 1 < n && !isSpace(line.charCodeAt(p + 1))) return null
          done = true
        } else if (p >= n) {
          return null
        } else {
          cur += line[p]
        }
      } else if (p >= n || c === 32 || c === 10 || c === 13 || c === 9) {
        done = true
      } else if (c === 34) {
        inDouble = true
      } else if (c === 39) {
        inSingle = true
      } else {
        cur += line[p]
      }
      if (p < n) p++
    }
    out.push(cur)
  }
}
