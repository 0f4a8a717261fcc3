/**
 * Differential tests of SORT and SORT_RO against redis-server: numeric and ALPHA order (ties
 * broken as Redis does), BY patterns (with and without '*', hash fields), GET ('#', missing
 * keys, hash fields), LIMIT edge cases, STORE (list result, empty result deletes), error
 * texts, RESP3, COMMAND GETKEYSANDFLAGS, keyspace side effects; lists, sets and sorted sets.
 */

import { describe, it } from 'node:test'
import { diffSuite, type Step, unordered } from '../helpers/diff.js'

const { diffScript, diffRandom } = diffSuite()

/** Weights and objects used by BY and GET patterns: w_<e> strings, h_<e> hashes. */
const SETUP: Step[] = [
  ['SADD', 's', '5', '3', '10', '-1', '2.5', '3'],
  ['SADD', 'ss', 'banana', 'apple', 'Cherry', 'apple2', '10', '9'],
  ['ZADD', 'z', '3', 'c', '1', 'a', '2', 'b', '2', 'bb', '0', 'z0'],
  ['RPUSH', 'l', '3', '1', '2', '1', '10', '-5', '0.5'],
  ['RPUSH', 'la', 'b', 'a', 'c', 'a', 'B', ''],
  ['MSET', 'w_a', '3', 'w_b', '1', 'w_c', '2', 'w_bb', '2', 'w_z0', 'x'],
  ['MSET', 'o_a', 'A', 'o_b', 'B', 'o_c', 'C'],
  ['HSET', 'h_a', 'f', '30', 'g', 'ga'],
  ['HSET', 'h_b', 'f', '10', 'g', 'gb'],
  ['HSET', 'h_c', 'f', '20'],
]

describe('SORT', () => {
  it('sorts sets, sorted sets and lists numerically by default, ASC and DESC', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SORT', 's'],
      ['SORT', 's', 'DESC'],
      ['SORT', 'l'],
      ['SORT', 'l', 'desc'],
      ['SORT', 'z', 'ALPHA'],
      ['SORT', 'l', 'ASC', 'DESC'],
      ['SORT_RO', 'l'],
    ]))

  it('ALPHA sorts by bytes; numeric sort of non-numbers fails', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SORT', 'ss', 'ALPHA'],
      ['SORT', 'ss', 'ALPHA', 'DESC'],
      ['SORT', 'la', 'ALPHA'],
      ['SORT', 'ss'],
      ['SORT', 'z'],
      ['SORT', 'la'],
    ]))

  it('numbers as strtod reads them: spaces, hex, inf, empty, exponents, NaN and overflow', (t) =>
    diffScript(t, [
      ['RPUSH', 'n', ' 5', '0x10', 'inf', '-inf', '', '1e3', '-0', '2.'],
      ['SORT', 'n'],
      ['SORT', 'n', 'DESC'],
      // Before any failing case: redis 7.0 does not clear errno before strtod(), so an ERANGE
      // stays visible to later conversions until some system call resets it.
      ['RPUSH', 'ok6', '1', '3\u0000junk', '2.2250738585072014e-308', '\t\n7'],
      ['SORT', 'ok6'],
      ['RPUSH', 'bad1', '1', 'nan'],
      ['SORT', 'bad1'],
      ['RPUSH', 'bad2', '1', '1e400'],
      ['SORT', 'bad2'],
      ['RPUSH', 'bad3', '1', '5 '],
      ['SORT', 'bad3'],
      ['RPUSH', 'bad4', '1', '1e-400'],
      ['SORT', 'bad4'],
      ['RPUSH', 'bad5', '1', '1e-310'],
      ['SORT', 'bad5'],
    ]))

  it('equal scores are ordered by the elements bytes', (t) =>
    diffScript(t, [
      ['RPUSH', 'eq', '1.0', '1', '01', '1e0', '+1', '0', '00'],
      ['SORT', 'eq'],
      ['SORT', 'eq', 'DESC'],
      ['SORT', 'eq', 'LIMIT', '1', '3'],
    ]))

  it('LIMIT: offsets and counts at and beyond the edges', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SORT', 'l', 'LIMIT', '0', '3'],
      ['SORT', 'l', 'LIMIT', '2', '-1'],
      ['SORT', 'l', 'LIMIT', '-5', '2'],
      ['SORT', 'l', 'LIMIT', '5', '100'],
      ['SORT', 'l', 'LIMIT', '7', '1'],
      ['SORT', 'l', 'LIMIT', '100', '1'],
      ['SORT', 'l', 'LIMIT', '0', '0'],
      ['SORT', 'l', 'LIMIT', '1', '2', 'DESC'],
      ['SORT', 'l', 'LIMIT', 'x', '2'],
      ['SORT', 'l', 'LIMIT', '1', '99999999999999999999'],
      ['SORT', 'l', 'LIMIT', '1'],
      ['SORT', 'l', 'LIMIT', '-9223372036854775808', '9223372036854775807'],
      ['SORT', 'missing', 'LIMIT', '0', '1'],
    ]))

  it('BY a pattern without * keeps the native order (lists, sorted sets), with LIMIT and DESC', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SORT', 'l', 'BY', 'nosort'],
      ['SORT', 'l', 'BY', 'nosort', 'DESC'],
      ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '3'],
      ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '2', '3', 'DESC'],
      ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '10', '3'],
      ['SORT', 'z', 'BY', 'nosort'],
      ['SORT', 'z', 'BY', 'nosort', 'DESC'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2', 'DESC'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '9', '2', 'DESC'],
      unordered('SORT', 's', 'BY', 'nosort'),
      ['SORT', 'z', 'BY', '#'],
    ]))

  it('BY weights in other keys and in hash fields; missing weights count as 0 or sort first', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SORT', 'z', 'BY', 'h_*->f'],
      ['SORT', 'z', 'BY', 'h_*->f', 'DESC'],
      ['DEL', 'z'],
      ['ZADD', 'z', '3', 'c', '1', 'a', '2', 'b'],
      ['SORT', 'z', 'BY', 'o_*', 'ALPHA'],
      ['SORT', 'z', 'BY', 'o_*', 'ALPHA', 'DESC'],
      ['RPUSH', 'lt', 'a', 'z0', 'c', 'bb', 'b'],
      ['SORT', 'lt', 'BY', 'o_*', 'ALPHA'],
      ['SORT', 'lt', 'BY', 'o_*', 'ALPHA', 'DESC'],
      ['SORT', 'lt', 'BY', 'h_*->g', 'ALPHA'],
      ['SORT', 'lt', 'BY', 'h_*->g', 'ALPHA', 'STORE', 'd'],
      ['LRANGE', 'd', '0', '-1'],
      ['SORT', 'lt', 'BY', 'none_*', 'ALPHA', 'DESC'],
      ['SORT', 'lt', 'BY', 'w_*'],
      ['MSET', 'w_z0', '-1', 'w_bb', '2'],
      ['SORT', 'lt', 'BY', 'w_*'],
      ['SORT', 'lt', 'BY', 'w_*', 'LIMIT', '1', '2'],
      ['SORT', 'lt', 'BY', 'h_*->'],
      ['SORT', 'lt', 'BY', 'h_*'],
      ['SORT', 'lt', 'BY', 'w_*->f'],
    ]))

  it('GET: #, string keys, hash fields, missing values, several GETs', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SORT', 'z', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*', 'GET', 'h_*->f', 'GET', 'h_*->g'],
      ['SORT', 'z', 'ALPHA', 'GET', 'nostar'],
      ['SORT', 'z', 'ALPHA', 'GET', 'o_*', 'LIMIT', '1', '2'],
      ['SORT', 'z', 'ALPHA', 'GET', 'h_*'],
      ['SORT', 'z', 'ALPHA', 'DESC', 'GET', '#'],
      ['SORT', 'missing', 'GET', '#'],
    ]))

  it('STORE: a list of the result (GET values, empty strings for missing), reply is its length', (t) =>
    diffScript(t, [
      ...SETUP,
      ['SET', 'dst', 'string'],
      ['EXPIRE', 'dst', '100'],
      ['SORT', 'l', 'STORE', 'dst'],
      ['TYPE', 'dst'],
      ['TTL', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'z', 'ALPHA', 'GET', 'o_*', 'GET', '#', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 's', 'BY', 'nosort', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'ss', 'BY', 'nosort', 'STORE', 'dst', 'DESC'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'missing', 'STORE', 'dst'],
      ['EXISTS', 'dst'],
      ['SORT', 'missing', 'STORE', 'dst'],
      ['SORT', 'l', 'STORE', 'a', 'STORE', 'b'],
      ['EXISTS', 'a', 'b'],
      ['SORT', 'l', 'STORE', 'l'],
      ['LRANGE', 'l', '0', '-1'],
      ['SORT', 'l', 'LIMIT', '0', '0', 'STORE', 'l'],
      ['EXISTS', 'l'],
    ]))

  it('errors: wrong type, syntax, STORE in SORT_RO, missing arguments', (t) =>
    diffScript(t, [
      ['SET', 'str', '1'],
      ['HSET', 'h', 'f', '1'],
      ['RPUSH', 'l', '1'],
      ['SORT', 'str'],
      ['SORT', 'h'],
      ['SORT', 'str', 'FOO'],
      ['SORT', 'l', 'FOO'],
      ['SORT', 'l', 'BY'],
      ['SORT', 'l', 'GET'],
      ['SORT', 'l', 'STORE'],
      ['SORT_RO', 'l', 'STORE', 'x'],
      ['SORT', 'l', 'LIMIT', '0', 'x', 'FOO'],
      ['SORT'],
      ['SORT_RO'],
    ]))

  it('ACL: BY with * and GET need read access to every key (all keys or a * pattern)', (t) =>
    diffScript(t, [
      ['RPUSH', 'k', '2', '1'],
      ['ACL', 'SETUSER', 'sortu', 'on', 'nopass', '~k*', '+@all'],
      ['AUTH', 'sortu', 'x'],
      ['SORT', 'k', 'BY', 'nosort'],
      ['SORT', 'k', 'BY', 'w*'],
      ['SORT', 'k', 'GET', '#'],
      ['SORT_RO', 'k', 'GET', '#'],
      ['SORT', 'k', 'LIMIT', '0', 'x', 'GET', '#'],
      ['SORT', 'k', 'GET', '#', 'LIMIT', '0', 'x'],
      ['ACL', 'SETUSER', 'sortu', 'resetkeys', '%R~*'],
      ['SORT', 'k', 'GET', '#'],
      ['ACL', 'SETUSER', 'sortu', 'resetkeys', '~?'],
      ['SORT', 'k', 'GET', '#'],
      ['ACL', 'SETUSER', 'sortu', 'resetkeys', '%R~k*', '%W~*'],
      ['SORT', 'k', 'BY', 'w_*'],
      ['ACL', 'SETUSER', 'sortu', 'resetkeys', '~k*', '(~* +@all)'],
      ['SORT', 'k', 'GET', '#'],
      ['ACL', 'SETUSER', 'sortu', 'clearselectors', '(~* -@all)'],
      ['SORT', 'k', 'GET', '#'],
      ['ACL', 'SETUSER', 'sortu', 'allkeys'],
      ['SORT', 'k', 'BY', 'w_*', 'GET', '#'],
      ['ACL', 'LOG', 'RESET'],
      ['ACL', 'DELUSER', 'sortu'],
    ]))

  it('RESP3 replies', (t) =>
    diffScript(
      t,
      [...SETUP, ['SORT', 'z', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*'], ['SORT', 'l', 'STORE', 'd']],
      {
        resp3: true,
      },
    ))

  it('COMMAND GETKEYSANDFLAGS: the sorted key and the last STORE target', (t) =>
    diffScript(t, [
      [
        'COMMAND',
        'GETKEYSANDFLAGS',
        'SORT',
        'a',
        'BY',
        'w*',
        'GET',
        '#',
        'STORE',
        'd',
        'LIMIT',
        '0',
        '1',
        'STORE',
        'e',
      ],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SORT', 'a', 'LIMIT', 'STORE', 'x', 'STORE', 'y'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SORT', 'a', 'GET', 'STORE', 'x'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SORT', 'a', 'STORE'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SORT_RO', 'a', 'BY', 'x', 'GET', 'y', 'STORE', 'z'],
      ['COMMAND', 'GETKEYS', 'SORT', 'a', 'STORE', 'b'],
      ['COMMAND', 'INFO', 'SORT', 'SORT_RO'],
    ]))

  it('keyspace hits and misses and dirty count as Redis', (t) =>
    diffScript(t, [
      ...SETUP,
      ['CONFIG', 'RESETSTAT'],
      ['SORT', 'z', 'BY', 'w_*', 'GET', 'o_*', 'GET', 'nostar'],
      ['SORT', 'missing'],
      { cmd: ['INFO', 'stats'], mode: (a, b) => statsDiff(a, b) },
    ]))

  it('random lists and sets sorted every way (seeded)', (t) =>
    diffRandom(t, 4242, 400, (rng) => {
      const key = rng.pick(['rl', 'rs', 'rz'])
      const r = rng.range(0, 9)
      if (r < 4) {
        const v = rng.pick(['1', '2', '10', '-3', '2.5', 'a', 'b', 'B', '', '007', '1e2'])
        if (key === 'rl') return ['RPUSH', key, v]
        if (key === 'rs') return ['SADD', key, v]
        return ['ZADD', key, String(rng.range(0, 5)), v]
      }
      if (r === 4) return ['SET', `w_${rng.pick(['1', '2', 'a', 'b', '10'])}`, String(rng.range(-3, 3))]
      const argv = ['SORT', key]
      if (rng.range(0, 1) === 1) argv.push('ALPHA')
      if (rng.range(0, 1) === 1) argv.push('DESC')
      if (rng.range(0, 3) === 0) argv.push('LIMIT', String(rng.range(-1, 4)), String(rng.range(-1, 4)))
      if (rng.range(0, 3) === 0 && key !== 'rs') argv.push('BY', 'nosort')
      if (rng.range(0, 3) === 0) argv.push('GET', rng.pick(['#', 'w_*']))
      return argv
    }))
})

/** Compares the keyspace_hits and keyspace_misses lines of two INFO stats replies. */
function statsDiff(a: Buffer, b: Buffer): string | undefined {
  const pick = (x: Buffer): string =>
    x
      .toString('latin1')
      .split('\r\n')
      .filter((l) => l.startsWith('keyspace_'))
      .join(' ')
  return pick(a) === pick(b) ? undefined : `redis: ${pick(a)} redoubt: ${pick(b)}`
}
