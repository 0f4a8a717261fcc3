// Runs the compiled test files of one suite (or all) with node's test runner.
// Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const suites = {
  unit: 'dist/test/unit',
  integration: 'dist/test/integration',
  diff: 'dist/test/diff',
  meta: 'dist/test/meta',
  fuzz: 'dist/test/fuzz',
}
const which = process.argv[2] ?? 'all'
const chosen = which === 'all' ? ['unit', 'meta', 'integration', 'diff'] : [which]

function collect(dir) {
  if (!existsSync(dir)) return []
  const out = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...collect(p))
    else if (name.endsWith('.test.js')) out.push(p)
  }
  return out
}

const files = chosen.flatMap((s) => collect(suites[s]))
if (files.length === 0) {
  console.error(`no test files found for ${which}`)
  process.exit(1)
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
})
process.exit(r.status ?? 1)
