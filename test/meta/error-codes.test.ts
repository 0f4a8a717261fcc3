/**
 * Every RDT_ERR_* code used in src/ is documented in docs/errors.md, and every documented code
 * is used (CONVENTIONS.md B6), so the catalogue and the code cannot drift apart.
 */

import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (name.endsWith('.ts')) out.push(p)
  }
  return out
}

function codes(text: string): Set<string> {
  return new Set(text.match(/RDT_ERR_[A-Z_]+/g) ?? [])
}

test('error codes in src/ and docs/errors.md are the same set', () => {
  const used = new Set<string>()
  for (const f of sources(join(root, 'src'))) for (const c of codes(readFileSync(f, 'utf8'))) used.add(c)
  const documented = codes(readFileSync(join(root, 'docs/errors.md'), 'utf8'))
  assert.ok(used.size > 0)
  assert.deepEqual([...used].sort(), [...documented].sort())
})
