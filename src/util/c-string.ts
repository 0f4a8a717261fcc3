/**
 * C string views of binary-safe arguments. Redis compares option keywords with strcasecmp()
 * and prints arguments with "%s", both of which stop at the first NUL byte: "ON\0x" is the
 * keyword ON, and an error quoting "a\0b" shows 'a'. These helpers reproduce that.
 */

/** 's' up to (not including) its first NUL byte, as C's "%s" would print it. */
export function cString(s: string): string {
  const nul = s.indexOf('\0')
  return nul === -1 ? s : s.slice(0, nul)
}

/**
 * True when 's' equals 'keyword' ignoring ASCII case, as strcasecmp(s, keyword) == 0 on the
 * C string of 's'. 'keyword' must be lower case.
 */
export function keywordIs(s: string, keyword: string): boolean {
  const n = keyword.length
  if (s.length < n) return false
  if (s.length > n && s.charCodeAt(n) !== 0) return false
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i)
    if (c >= 65 && c <= 90) c += 32
    if (c !== keyword.charCodeAt(i)) return false
  }
  return true
}
