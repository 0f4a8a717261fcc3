// Tests of the helper that spawns the redoubt-server binary, run against a stand-in script
// (redoubt itself may not be built yet): readiness on the log line, the port it is given,
// startup failures with their output, timeouts, stop, and runs to completion.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { RawClient } from '../../helpers/raw-client.js'
import { runRedoubt, spawnRedoubt } from '../../helpers/redoubt.js'

const FAKE_SERVER = `
import { createServer } from 'node:net'
const argv = process.argv.slice(2)
if (argv.includes('--version')) { console.log('fake-server v=0.0.0'); process.exit(0) }
if (argv.includes('--fail')) { console.error('*** FATAL CONFIG FILE ERROR ***'); process.exit(1) }
if (argv.includes('--hang')) { setInterval(() => {}, 1000) } else {
  const port = Number(argv[argv.lastIndexOf('--port') + 1])
  console.log('starting with ' + argv.join(' '))
  const server = createServer((s) => s.end('+PONG\\r\\n'))
  server.listen(port, '127.0.0.1', () => console.log('1:M 01 Jan 2024 00:00:00.000 * Ready to accept connections tcp'))
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}
`

describe('spawnRedoubt and runRedoubt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redoubt-helper-test-'))
  const bin = join(dir, 'fake-server.mjs')
  writeFileSync(bin, FAKE_SERVER)
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('waits for the ready line, appends a free --port, and stops cleanly', async () => {
    const server = await spawnRedoubt(['--loglevel', 'notice'], { bin })
    assert.ok(server.port > 0)
    assert.match(server.output(), new RegExp(`starting with --loglevel notice --port ${server.port}\\n`))
    const client = await RawClient.connect(server.port)
    assert.equal((await client.read()).toString(), '+PONG\r\n')
    assert.ok(existsSync(server.cwd))
    assert.deepEqual(await server.stop(), { code: 0, signal: null })
    assert.equal(existsSync(server.cwd), false)
    assert.deepEqual(await server.stop(), { code: 0, signal: null }, 'stop is idempotent')
  })

  it('uses the --port given in the arguments', async () => {
    const first = await spawnRedoubt([], { bin })
    const port = first.port
    await first.stop()
    const server = await spawnRedoubt(['--port', String(port)], { bin })
    assert.equal(server.port, port)
    assert.doesNotMatch(server.output(), /--port \d+ --port/)
    await server.stop()
  })

  it('rejects with the output and exit code when the server exits before it is ready', async () => {
    await assert.rejects(
      spawnRedoubt(['--fail'], { bin }),
      /exited with 1 before it was ready; output:\n\*\*\* FATAL CONFIG/,
    )
  })

  it('rejects and kills the server when it is not ready in time', async () => {
    await assert.rejects(spawnRedoubt(['--hang'], { bin, timeoutMs: 300 }), /not ready within 300 ms/)
  })

  it('runRedoubt returns the exit status and output of a run to completion', async () => {
    const result = await runRedoubt(['--version'], { bin })
    assert.deepEqual(result, { code: 0, signal: null, stdout: 'fake-server v=0.0.0\n', stderr: '' })
  })

  it('says to compile first when the binary is missing', async () => {
    await assert.rejects(spawnRedoubt([], { bin: join(dir, 'missing.js') }), /does not exist: compile first/)
  })
})
