/**
 * The layer rules of CONVENTIONS.md B2: imports point down the request path only.
 * Reads every source file and checks each relative or node: import against its layer's allow-list.
 */

import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const src = join(root, 'src')

function files(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p))
    else if (name.endsWith('.ts')) out.push(p)
  }
  return out
}

/** Layer of a source path relative to src/: its top directory, with commands/spec.ts apart. */
function layerOf(rel: string): string {
  // spec.ts and key-extraction.ts are the metadata the security layer derives its decisions from.
  if (rel === 'commands/spec.ts' || rel === 'commands/key-extraction.ts') return 'commands/spec'
  const slash = rel.indexOf('/')
  return slash === -1 ? rel.replace(/\.ts$/, '') : rel.slice(0, slash)
}

const ALLOWED: Record<string, string[]> = {
  util: ['util'],
  events: ['util', 'events'],
  protocol: ['util', 'events', 'protocol'],
  store: ['util', 'events', 'store'],
  config: ['util', 'events', 'config'],
  pubsub: ['util', 'events', 'pubsub'],
  'commands/spec': ['util', 'protocol', 'commands', 'commands/spec'],
  security: ['util', 'events', 'protocol', 'commands/spec', 'security'],
  commands: [
    'util',
    'events',
    'protocol',
    'store',
    'pubsub',
    'config',
    'security',
    'commands',
    'commands/spec',
    'version',
  ],
}

const NODE_IO = ['node:net', 'node:tls', 'node:fs', 'node:dgram', 'node:child_process', 'node:http']
const NO_IO_LAYERS = ['util', 'protocol', 'store', 'commands', 'commands/spec', 'pubsub', 'events']

test('imports point down the request path only (CONVENTIONS.md B2)', () => {
  const problems: string[] = []
  for (const file of files(src)) {
    const rel = relative(src, file)
    const layer = layerOf(rel)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
      const spec = m[1]!
      if (spec.startsWith('node:')) {
        if (NO_IO_LAYERS.includes(layer) && NODE_IO.includes(spec)) problems.push(`${rel} imports ${spec}`)
        continue
      }
      if (!spec.startsWith('.')) continue
      const target = relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts')
      const tlayer = layerOf(target)
      const allowed = ALLOWED[layer]
      if (allowed !== undefined && !allowed.includes(tlayer))
        problems.push(`${rel} (${layer}) imports ${target}`)
    }
  }
  assert.deepEqual(problems, [])
})
