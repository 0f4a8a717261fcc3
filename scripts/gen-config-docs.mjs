// Regenerates the directive tables of docs/config.md from src/config/directives.ts.
// Run after `npx tsc -p tsconfig.json`: node scripts/gen-config-docs.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { updateConfigDocs } = await import(pathToFileURL(join(root, 'dist/src/config/docs-table.js')).href)
const path = join(root, 'docs/config.md')
const next = updateConfigDocs(readFileSync(path, 'utf8'))
if (next === null) {
  console.error('docs/config.md: generated-section markers not found')
  process.exit(1)
}
writeFileSync(path, next)
