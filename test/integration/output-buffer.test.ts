/**
 * client-output-buffer-limit: 100 subscribers that never read while one publisher floods are
 * each disconnected at the pubsub limit, and the server's peak memory stays bounded; a normal
 * client that never reads large GET replies is disconnected at the hard limit, and after the
 * soft limit's seconds; CLIENT LIST shows the pending output (omem, oll) honestly.
 */

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { test } from 'node:test'
import { RawClient } from '../helpers/raw-client.js'
import { spawnRedoubt } from '../helpers/redoubt.js'

function resp(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
}

/** A socket that sends 'cmd' and then never reads (paused: the kernel buffers fill up). */
function nonReader(port: number, cmd: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      // A small receive window makes the server's output back up sooner.
      s.write(cmd, () => {
        s.pause()
        resolve(s)
      })
    })
    s.on('error', () => {})
    s.once('error', reject)
  })
}

function closedWithin(s: Socket, ms: number): Promise<boolean> {
  if (s.destroyed) return Promise.resolve(true)
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms)
    s.once('close', () => {
      clearTimeout(t)
      resolve(true)
    })
    // A paused socket sees the server's FIN/RST only when it reads: drain now.
    s.resume()
  })
}

function peakRssKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m === null ? 0 : Number(m[1])
}

async function connectedClients(port: number): Promise<number> {
  const c = await RawClient.connect(port)
  const info = (await c.call('INFO', 'clients')).toString('latin1')
  await c.close()
  return Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? -1)
}

test('100 subscribers that never read are disconnected at the pubsub limit while one publisher floods; memory stays bounded', async (t) => {
  const srv = await spawnRedoubt([
    '--client-output-buffer-limit',
    'pubsub 256kb 64kb 60',
    '--loglevel',
    'verbose',
  ])
  t.after(() => srv.stop())
  const pid = srv.process.pid!
  const subs: Socket[] = []
  t.after(() => {
    for (const s of subs) s.destroy()
  })
  for (let i = 0; i < 100; i++) subs.push(await nonReader(srv.port, resp('SUBSCRIBE', 'flood')))
  // Let every SUBSCRIBE be processed.
  for (let i = 0; i < 50 && (await connectedClients(srv.port)) < 101; i++)
    await new Promise((r) => setTimeout(r, 20))
  // While the flood runs, a sampler reads the server's own account of pending output
  // (CLIENT LIST obl + omem of every client) every 20 ms.
  const sampler = await RawClient.connect(srv.port)
  t.after(() => sampler.close())
  let peakPending = 0
  let sampling = true
  const sampled = (async () => {
    while (sampling) {
      const list = (await sampler.call('CLIENT', 'LIST')).toString('latin1')
      let sum = 0
      for (const m of list.matchAll(/ obl=(\d+) oll=\d+ omem=(\d+)/g)) sum += Number(m[1]) + Number(m[2])
      peakPending = Math.max(peakPending, sum)
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  // The flood: 2000 messages of 4 KiB = 8 MiB per subscriber. The kernel's socket buffers
  // take about 4 MiB of it per connection; the rest, 400 MiB in all, would sit in the
  // server's memory if nothing bounded it.
  const payload = 'x'.repeat(4096)
  const MESSAGES = 2000
  const pub = connect(srv.port, '127.0.0.1')
  t.after(() => pub.destroy())
  let replies = 0
  const done = new Promise<void>((resolve) => {
    pub.on('data', (d: Buffer) => {
      for (const b of d) if (b === 0x0a) replies++
      if (replies >= MESSAGES) resolve()
    })
  })
  const batch = resp('PUBLISH', 'flood', payload).repeat(50)
  for (let i = 0; i < MESSAGES / 50; i++) {
    if (!pub.write(batch)) await new Promise((r) => pub.once('drain', r))
  }
  await done
  const closed = await Promise.all(subs.map((s) => closedWithin(s, 3000)))
  sampling = false
  await sampled
  assert.equal(closed.filter((c) => c).length, 100, 'every slow subscriber is disconnected')
  assert.equal(await connectedClients(srv.port), 3, 'the publisher, the sampler and the INFO client remain')
  // Each subscriber is cut at 256 KiB plus at most one read batch of messages.
  const peakMb = peakPending / 2 ** 20
  assert.ok(peakMb < 100 * 0.75, `pending output peaked at ${peakMb.toFixed(1)} MiB`)
  // Peak RSS includes garbage not yet collected (every message passes through as a Buffer):
  // reported for information, with a loose bound far below the unbounded case.
  const rssMb = peakRssKb(pid) / 1024
  t.diagnostic(`pending output peak ${peakMb.toFixed(1)} MiB, server peak RSS ${rssMb.toFixed(0)} MiB`)
  assert.ok(rssMb < 300, `server peak RSS ${rssMb.toFixed(0)} MiB`)
  const logged =
    srv.output().match(/scheduled to be closed ASAP for overcoming of output buffer limits\./g) ?? []
  assert.equal(logged.length, 100)
  assert.match(
    srv.output(),
    /Client id=\d+ addr=127\.0\.0\.1:\d+ .*flags=P .*sub=1 .* scheduled to be closed ASAP/,
  )
})

test('a normal client that never reads large GET replies is disconnected at the hard limit', async (t) => {
  const srv = await spawnRedoubt(['--client-output-buffer-limit', 'normal 1mb 0 0'])
  t.after(() => srv.stop())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.close())
  assert.equal((await c.call('SET', 'big', 'v'.repeat(100_000))).toString(), '+OK\r\n')
  // 200 pipelined GETs of 100 kB = 20 MB of replies in one batch.
  const slow = await nonReader(srv.port, resp('GET', 'big').repeat(200))
  assert.equal(await closedWithin(slow, 3000), true)
  assert.match(
    srv.output(),
    /Client id=\d+ .* cmd=get .* scheduled to be closed ASAP for overcoming of output buffer limits\./,
  )
  // Other clients are served; a client reading its replies is not affected.
  for (let i = 0; i < 20; i++) assert.equal((await c.call('GET', 'big')).length, 100_000 + 11)
})

test('the soft limit disconnects a client over it for longer than its seconds', async (t) => {
  const srv = await spawnRedoubt(['--client-output-buffer-limit', 'normal 0 256kb 1'])
  t.after(() => srv.stop())
  const c = await RawClient.connect(srv.port)
  t.after(() => c.close())
  await c.call('SET', 'big', 'v'.repeat(100_000))
  const slow = await nonReader(srv.port, resp('GET', 'big').repeat(60))
  // Over the soft limit, but not yet for a second: still connected.
  await new Promise((r) => setTimeout(r, 300))
  assert.equal(slow.destroyed, false)
  const list1 = (await c.call('CLIENT', 'LIST')).toString('latin1')
  const line = list1.split('\n').find((l) => l.includes('cmd=get'))
  assert.ok(line !== undefined)
  const omem = Number(/ omem=(\d+)/.exec(line)?.[1])
  const oll = Number(/ oll=(\d+)/.exec(line)?.[1])
  assert.ok(omem > 256 * 1024, `omem=${omem} shows the pending output`)
  assert.ok(oll > 0, `oll=${oll} counts the pending writes`)
  await new Promise((r) => setTimeout(r, 1200))
  // The check runs when more output is produced (as Redis): one more request.
  slow.write(resp('GET', 'big'))
  assert.equal(await closedWithin(slow, 3000), true)
  assert.match(srv.output(), /scheduled to be closed ASAP for overcoming of output buffer limits\./)
})
