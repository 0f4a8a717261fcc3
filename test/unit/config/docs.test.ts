import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { valueDirectives } from '../../../src/config/directives.js'
import { updateConfigDocs } from '../../../src/config/docs-table.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

test('docs/config.md lists every directive as the table has it (run scripts/gen-config-docs.mjs)', () => {
  const doc = readFileSync(join(root, 'docs/config.md'), 'utf8')
  assert.equal(updateConfigDocs(doc), doc)
  for (const d of valueDirectives()) assert.ok(doc.includes(`| \`${d.name}\``), d.name)
})
