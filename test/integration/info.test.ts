/**
 * INFO through real clients: ioredis's ready check (it reads INFO and waits for loading:0),
 * INFO parsing of every section, and the per-command (commandstats) and per-error
 * (errorstats) counters after a known sequence of commands, reset by CONFIG RESETSTAT.
 */

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Redis } from 'ioredis'
import { type RedoubtHandle, startRedoubt } from '../helpers/redoubt.js'

/** INFO text as section title → field → value. */
function parseInfo(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>()
  let current = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      current = new Map()
      out.set(line.slice(2), current)
    } else if (line !== '') {
      const colon = line.indexOf(':')
      current.set(line.slice(0, colon), line.slice(colon + 1))
    }
  }
  return out
}

/** cmdstat_<name> → { calls, rejected_calls, failed_calls } from INFO commandstats. */
function commandstats(text: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>()
  for (const [name, value] of parseInfo(text).get('Commandstats') ?? []) {
    const fields: Record<string, number> = {}
    for (const kv of value.split(',')) {
      const [k, v] = kv.split('=')
      fields[k!] = Number(v)
    }
    out.set(name.replace(/^cmdstat_/, ''), fields)
  }
  return out
}

describe('INFO with ioredis', () => {
  let server: RedoubtHandle
  let client: Redis

  before(async () => {
    server = await startRedoubt()
    client = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 })
    await client.connect()
  })
  after(async () => {
    client?.disconnect()
    await server?.close()
  })

  test('ioredis passes its ready check, which reads loading:0 from INFO', async () => {
    assert.equal(client.status, 'ready')
    const info = parseInfo(await client.info())
    assert.equal(info.get('Persistence')?.get('loading'), '0')
    assert.equal(info.get('Server')?.get('redis_version'), '7.0.15')
    assert.equal(info.get('Server')?.get('tcp_port'), String(server.port))
    assert.equal(info.get('Replication')?.get('role'), 'master')
  })

  test('INFO everything has every section, each with its fields', async () => {
    const info = parseInfo(await client.info('everything'))
    assert.deepEqual(
      [...info.keys()],
      [
        'Server',
        'Clients',
        'Memory',
        'Persistence',
        'Stats',
        'Replication',
        'CPU',
        'Modules',
        'Commandstats',
        'Errorstats',
        'Latencystats',
        'Cluster',
        'Keyspace',
      ],
    )
    const mem = info.get('Memory')!
    assert.ok(Number(mem.get('used_memory')) > 0)
    assert.ok(Number(mem.get('used_memory_rss')) >= Number(mem.get('used_memory')) / 4)
    assert.ok(Number(mem.get('used_memory_peak')) >= Number(mem.get('used_memory')))
    assert.ok(Number(info.get('Clients')?.get('connected_clients')) >= 1)
    assert.ok(Number(info.get('Stats')?.get('total_commands_processed')) >= 1)
  })

  test('commandstats and errorstats count calls, rejected and failed calls since CONFIG RESETSTAT', async () => {
    assert.equal(await client.config('RESETSTAT'), 'OK')
    await client.ping()
    await client.ping()
    await client.ping()
    await client.echo('x')
    await assert.rejects(client.call('ECHO'), /wrong number of arguments/)
    await assert.rejects(client.call('SELECT', '999'), /DB index is out of range/)
    await assert.rejects(client.call('NOSUCHCOMMAND'), /unknown command/)
    await assert.rejects(client.call('COMMAND', 'COUNT', 'x'), /wrong number of arguments/)
    assert.equal(typeof (await client.call('TIME')), 'object')

    const stats = commandstats(await client.info('commandstats'))
    const ping = stats.get('ping')
    assert.deepEqual([ping?.calls, ping?.rejected_calls, ping?.failed_calls], [3, 0, 0])
    assert.ok(
      ping !== undefined &&
        (ping.usec ?? -1) >= 0 &&
        Math.abs((ping.usec_per_call ?? -1) - (ping.usec ?? 0) / 3) < 0.01,
    )
    assert.equal(stats.get('echo')?.calls, 1)
    assert.equal(stats.get('echo')?.rejected_calls, 1)
    assert.equal(stats.get('select')?.calls, 1)
    assert.equal(stats.get('select')?.failed_calls, 1)
    assert.equal(stats.get('command|count')?.rejected_calls, 1)
    assert.equal(stats.get('command|count')?.calls, 0)
    assert.equal(stats.get('time')?.calls, 1)
    assert.equal(stats.get('config|resetstat')?.calls, 1)
    assert.equal(stats.has('nosuchcommand'), false)

    const info = parseInfo(await client.info('errorstats'))
    assert.deepEqual([...(info.get('Errorstats') ?? [])], [['errorstat_ERR', 'count=4']])
    const total = parseInfo(await client.info('stats'))
      .get('Stats')
      ?.get('total_error_replies')
    assert.equal(total, '4')
  })

  test('CONFIG RESETSTAT clears the counters', async () => {
    await assert.rejects(client.call('NOSUCHCOMMAND'))
    assert.equal(await client.config('RESETSTAT'), 'OK')
    const info = parseInfo(await client.info('everything'))
    assert.deepEqual([...(info.get('Errorstats') ?? [])], [])
    assert.deepEqual([...(info.get('Commandstats') ?? []).keys()], ['cmdstat_config|resetstat'])
    assert.equal(info.get('Stats')?.get('total_error_replies'), '0')
  })
})
