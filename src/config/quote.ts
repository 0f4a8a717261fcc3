/**
 * Quoting a value for redis.conf the way Redis's sdscatrepr() does, so that CONFIG REWRITE
 * and the command-line option lines read back through split-args to the same bytes.
 * Strings are latin1 (one char per byte).
 */

/**
 * Returns 's' in double quotes with \\ \" \n \r \t \a \b escaped and any other byte outside
 * printable ASCII written as \xHH (lower-case hex), e.g. `se cret` -> `"se cret"`.
 */
export function quoteConfigValue(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    switch (c) {
      case 92:
        out += '\\\\'
        break
      case 34:
        out += '\\"'
        break
      case 10:
        out += '\\n'
        break
      case 13:
        out += '\\r'
        break
      case 9:
        out += '\\t'
        break
      case 7:
        out += '\\a'
        break
      case 8:
        out += '\\b'
        break
      default:
        out += c >= 0x20 && c <= 0x7e ? s[i] : `\\x${c.toString(16).padStart(2, '0')}`
    }
  }
  return `${out}"`
}
