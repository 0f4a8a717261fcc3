/**
 * The directive tables of docs/config.md, generated from the directive table so the docs
 * cannot drift: scripts/gen-config-docs.mjs writes them between the markers, and a unit test
 * checks the committed file is up to date.
 */

import { DIRECTIVES } from './directives.js'

/** Marks the start of the generated part of docs/config.md. */
export const DOCS_BEGIN = '<!-- BEGIN GENERATED: scripts/gen-config-docs.mjs -->'
/** Marks its end. */
export const DOCS_END = '<!-- END GENERATED -->'

function cell(s: string): string {
  return s.replace(/\|/g, '\\|')
}

function code(s: string): string {
  return s === '' ? '`""`' : `\`${s}\``
}

/** The generated markdown: the value directives, then the file-only ones. */
export function renderDirectiveTables(): string {
  const out: string[] = []
  const values = DIRECTIVES.filter((d) => d.kind === 'value')
  const count = (level: string): number => values.filter((d) => d.support === level).length
  out.push(
    `${values.length} directives: ${count('implemented')} implemented, ${count('accepted')} accepted, ${count('unsupported')} unsupported.`,
    '',
    '| Directive | Type | Default | CONFIG SET | redoubt | Notes |',
    '| --- | --- | --- | --- | --- | --- |',
  )
  for (const d of values) {
    const names = [`\`${d.name}\``, ...d.aliases.map((a) => `\`${a}\``)].join('<br>')
    const flags = [d.mutable ? 'yes' : 'no (immutable)']
    if (d.protected) flags.push('protected')
    if (d.hidden) flags.push('hidden')
    const def = d.name === 'dir' ? 'working directory' : code(d.default)
    const initial = d.initial !== d.default ? ` (redoubt: ${code(d.initial)})` : ''
    out.push(
      `| ${names} | ${cell(d.type.describe)} | ${cell(def + initial)} | ${flags.join(', ')} | ${d.support} | ${cell(d.note)} |`,
    )
  }
  out.push('', '| File-only directive | Arguments | redoubt | Notes |', '| --- | --- | --- | --- |')
  for (const d of DIRECTIVES) {
    if (d.kind !== 'file-only') continue
    out.push(`| \`${d.name}\` | \`${cell(d.usage)}\` | ${d.support} | ${cell(d.note)} |`)
  }
  return `${out.join('\n')}\n`
}

/** 'doc' with its generated part replaced by the current tables; null when a marker is missing. */
export function updateConfigDocs(doc: string): string | null {
  const b = doc.indexOf(DOCS_BEGIN)
  const e = doc.indexOf(DOCS_END)
  if (b === -1 || e === -1 || e < b) return null
  return `${doc.slice(0, b + DOCS_BEGIN.length)}\n${renderDirectiveTables()}${doc.slice(e)}`
}
