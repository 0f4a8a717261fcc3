/**
 * Number formatting as Redis 7.0 prints doubles: printf("%.17g") with "inf"/"-inf"
 * spelled out (addReplyDouble, ZSCORE, INCRBYFLOAT's companions).
 */

function stripZeros(s: string): string {
  if (s.indexOf('.') === -1) return s
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--
  if (end > 0 && s.charCodeAt(end - 1) === 46) end--
  return s.slice(0, end)
}

/** Formats 'd' like C's printf("%.*g", precision, d); infinities as "inf"/"-inf". */
export function formatG(d: number, precision: number): string {
  if (d === Number.POSITIVE_INFINITY) return 'inf'
  if (d === Number.NEGATIVE_INFINITY) return '-inf'
  if (Number.isNaN(d)) return 'nan'
  if (d === 0) return Object.is(d, -0) ? '-0' : '0'
  const p = precision === 0 ? 1 : precision
  const e = d.toExponential(p - 1)
  const at = e.indexOf('e')
  const x = Number(e.slice(at + 1))
  if (x < -4 || x >= p) {
    const mant = stripZeros(e.slice(0, at))
    const ax = Math.abs(x)
    return `${mant}e${x < 0 ? '-' : '+'}${ax < 10 ? `0${ax}` : ax}`
  }
  return stripZeros(d.toFixed(p - 1 - x))
}

/** Formats a double as Redis 7.0 replies with it (%.17g). */
export function formatDouble(d: number): string {
  return formatG(d, 17)
}
