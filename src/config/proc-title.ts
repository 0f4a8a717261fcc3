/**
 * 'proc-title-template': expansion of {variable} placeholders ('{{' is a literal brace) and
 * the validity rule Redis 7.0 applies on load and CONFIG SET. The server may use the
 * expansion for process.title.
 */

/** Variables a template may use. */
export const PROC_TITLE_VARIABLES = [
  'title',
  'listen-addr',
  'server-mode',
  'port',
  'tls-port',
  'unixsocket',
  'config-file',
] as const

/** Error text for an invalid template. */
export const PROC_TITLE_ERROR = 'template format is invalid or contains unknown variables'

/**
 * Expands 'template' with 'lookup' (null for an unknown variable); returns null when the
 * template is malformed (a '{' without its '}', or at the very end) or names an unknown
 * variable. The result is trimmed of spaces at both ends, as Redis does.
 */
export function expandProcTitleTemplate(
  template: string,
  lookup: (name: string) => string | null,
): string | null {
  let out = ''
  let p = 0
  while (p < template.length) {
    const open = template.indexOf('{', p)
    if (open === -1) {
      out += template.slice(p)
      break
    }
    out += template.slice(p, open)
    if (open + 1 >= template.length) return null
    if (template[open + 1] === '{') {
      out += '{'
      p = open + 2
      continue
    }
    const close = template.indexOf('}', open + 1)
    if (close === -1) return null
    const value = lookup(template.slice(open + 1, close))
    if (value === null) return null
    out += value
    p = close + 1
  }
  return out.replace(/^ +| +$/g, '')
}

/**
 * Redis validates a template by expanding it with an empty title and requiring a non-empty
 * result, so "{title}" alone or " " is refused while "{port}" is fine. Variables whose value
 * is empty on a plain standalone server (title, server-mode, unixsocket, config-file) expand
 * to "" here; the others to a placeholder.
 */
export function isValidProcTitleTemplate(template: string): boolean {
  const empty = new Set(['title', 'server-mode', 'unixsocket', 'config-file'])
  const known = new Set<string>(PROC_TITLE_VARIABLES)
  const res = expandProcTitleTemplate(template, (name) => {
    if (!known.has(name)) return null
    return empty.has(name) ? '' : '0'
  })
  return res !== null && res.length > 0
}
