// Tests of INCRBYFLOAT's long double arithmetic. The table was produced by redis-server 7.0.15
// on x86-64 (SET k <current>; INCRBYFLOAT k <incr>); the unit tests themselves need no server.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  addLongDouble,
  formatLongDoubleHuman,
  incrByFloat,
  MAX_LONG_DOUBLE_CHARS,
  parseLongDouble,
} from '../../../src/util/long-double.js'

/** [current, increment, reply of redis-server]. */
const REDIS_CASES: [string, string, string][] = [
  ['10.5', '0.1', '10.6'],
  ['0.2', '0.1', '0.3'],
  ['0.1', '0.2', '0.3'],
  ['1.1', '2.2', '3.3'],
  ['5.0e3', '2.0e2', '5200'],
  [
    '0',
    '1e300',
    '1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144',
  ],
  ['0', '3.0', '3'],
  ['0', '1.23456789012345678901234', '1.23456789012345679'],
  ['123456789.123456789', '0', '123456789.12345678899873747'],
  ['3.14159265358979323846264338327950288', '0', '3.14159265358979324'],
  ['1e20', '0.1', '100000000000000000000'],
  ['1e18', '0.5', '1000000000000000000.5'],
  ['-5', '5', '0'],
  ['100', '-100.5', '-0.5'],
  ['1e-17', '0', '0.00000000000000001'],
  ['0.000000000000000005', '0', '0'],
  ['0.000000000000000015', '0', '0.00000000000000002'],
  ['-0.000000000000000005', '0', '0'],
  ['-0', '-0.0', '0'],
  ['0x1p-18', '0', '0.00000381469726562'],
  ['0x3p-18', '0', '0.00001144409179688'],
  ['0', '0x1.8p1', '3'],
  ['0', '0X.8P-1', '0.25'],
  ['9223372036854775807', '1', '9223372036854775808'],
  ['18446744073709551615', '1', '18446744073709551616'],
  ['18446744073709551617', '0', '18446744073709551616'],
  ['0', '+1', '1'],
  ['0', '.5', '0.5'],
  ['0', '5.', '5'],
  ['0', '00', '0'],
  ['0', '1e-4950', '0'],
  ['0', '0x1p-16445', '0'],
  ['0', '0e-99999', '0'],
  ['0', '1.83e-4951', '0'],
  ['0', '0x1.00000000000000018p60', '1152921504606846976.125'],
  ['0', '0x1.00000000000000008p60', '1152921504606846976'],
  ['1152921504606846976', '0.0625', '1152921504606846976'],
  ['1152921504606846976', '0.0625000001', '1152921504606846976.125'],
  ['1152921504606846976', '0.1875', '1152921504606846976.25'],
  [
    '0',
    '1e400',
    '10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880',
  ],
  ['0', '-1.5e-300', '0'],
  ['8.e13', '882.390986', '80000000000882.39098358154296875'],
  ['-0.21630091892954381921596', '5.8', '5.58369908107045618'],
  ['-0.99665592', '-703496.9592261453594915', '-703497.95588206535950349'],
  ['-488.11714563895', '-7828.833649899742960', '-8316.95079553869295985'],
  ['41.2085715300', '-3365.052', '-3323.8434284700000001'],
  ['-0.722299', '-117.178389415', '-117.900688415'],
  ['-9550455.696561329506860543', '80376.2', '-9470079.49656132950713072'],
  ['12.57177579991624', '4271.015399572815', '4283.58717537273123988'],
  ['2.022551077901558e-13', '-372626.27648042', '-372626.27648041999981388'],
  ['2.3358387048177297e+21', '810788.7980889372301', '2335838704817730510720'],
  ['-0.290566484825020767825458', '-485828.', '-485828.29056648482500691'],
  ['-0.79878628412501600', '3728.101377397163', '3727.30259111303798414'],
  ['-0.794531312371902', '7078.5814644562776039', '7077.78693314390570146'],
  ['63466.58196787398', '-31787.41854068851', '31679.1634271854699989'],
  ['-0.650638704139387401', '-175052.8032885500929', '-175053.45392725423228342'],
  ['-0.306', '-04328.9893701326741', '-4329.29537013267409984'],
  ['0.4916650853839', '15388.734128448349', '15389.22579353373290001'],
  ['3.01090569558697e-5', '-01100.6863', '-1100.68626989094304414'],
  ['-089238250.74', '-234.34', '-89238485.07999999999447027'],
  ['-078.4489239745267314088', '-33003.3439083552', '-33081.7928323297267319'],
  ['-051205.0041350371086', '-8.977037478598', '-51213.98117251570660002'],
  ['9799511.007678652', '-920511.26881695207555', '8878999.73886169992510986'],
  ['-857558.', '-1625.11858', '-859183.11858000000000857'],
  ['7.837714694538998e+21', '8755.6273', '7837714694538998008832'],
  ['5.2e-22', '-9.55938241660784', '-9.55938241660784'],
  ['-9141.64497476399947067', '-65.8688144', '-9207.51378916399947006'],
  ['0.43245295', '32308.05069', '32308.48314294999999952'],
  ['3.294607990680065178e8', '-583.955', '329460215.11300651781493798'],
  ['3.300910253202292135e23', '-7433.763609751034260', '330091025320229213503488'],
  ['0.75404', '341.7995', '342.55353999999999998'],
  ['59035486577836680000', '-0086.6973362356663', '59035486577836679912'],
  ['5.250677888885402', '619.6310', '624.88167788888540199'],
  ['74259.90498036200642', '-730283.611668667817141', '-656023.70668830581070097'],
  ['3.644973070593298470e-16', '-54.', '-53.99999999999999964'],
  ['64976074.50886049', '-461927.01960773', '64514147.48925276000227313'],
  ['-0.208466859222577502', '-4348.', '-4348.20846685922257757'],
  ['-0.7', '4.193561', '3.493561'],
  ['54386324228.78209', '-028.920', '54386324199.86208999902009964'],
  ['3.8e-14', '95.7047', '95.704700000000038'],
  ['7.66764111602142e+23', '87.4534621', '766764111602141999988736'],
]

const notFloat = { ok: false, error: 'not-float' }
const nanOrInf = { ok: false, error: 'nan-or-inf' }

describe('incrByFloat', () => {
  it('matches redis-server on a table of fixed and random cases', () => {
    for (const [cur, incr, want] of REDIS_CASES) {
      assert.deepEqual(incrByFloat(cur, incr), { ok: true, value: want }, `${cur} + ${incr}`)
    }
  })

  it('prints huge values in full fixed notation', () => {
    const r = incrByFloat('0', '-1e4932')
    assert.ok(r.ok)
    assert.equal(r.value.length, 4934)
    assert.ok(r.value.startsWith('-10000000000000000000060189493'))
    assert.ok(r.value.endsWith('38418113791886622720'))
    const max = incrByFloat('0', '1.18973149535723176502e4932')
    assert.ok(max.ok && max.value.length === 4933 && max.value.endsWith('19552086811989770240'))
  })

  it('rejects what string2ld rejects with not-float, before looking at the sum', () => {
    const bad = [
      '',
      ' 1',
      '1 ',
      '\t1',
      '\v1',
      '1\t',
      '\0',
      '1\0abc',
      'nan',
      'NaN',
      '-nan',
      '.',
      '-',
      '1e',
      '0x',
      '0x1p',
    ]
    for (const s of bad) {
      assert.deepEqual(incrByFloat('0', s), notFloat, JSON.stringify(s))
      assert.deepEqual(incrByFloat(s, '1'), notFloat, JSON.stringify(s))
    }
    assert.deepEqual(incrByFloat('inf', 'abc'), notFloat)
    assert.deepEqual(incrByFloat('abc', 'inf'), notFloat)
  })

  it('rejects overflow and underflow to zero but accepts long double range and subnormals', () => {
    assert.deepEqual(incrByFloat('0', '1e5000'), notFloat)
    assert.deepEqual(incrByFloat('0', '1.18973149535723176508e4932'), notFloat)
    assert.deepEqual(incrByFloat('0', '1e-5000'), notFloat)
    assert.deepEqual(incrByFloat('0', '1.82e-4951'), notFloat)
    assert.deepEqual(incrByFloat('0', '0x1p-16446'), notFloat)
    assert.deepEqual(incrByFloat('0', '0x1.ffffffffffffffffp16383'), notFloat)
    assert.deepEqual(incrByFloat('0', '1.83e-4951'), { ok: true, value: '0' })
    assert.deepEqual(incrByFloat('0', '0x1.8p-16446'), { ok: true, value: '0' })
    assert.ok(incrByFloat('0', '0x1.fffffffffffffffe8p16383').ok)
  })

  it('reproduces glibc dropping the 2^-64 bit just below the smallest subnormal', () => {
    // redis 7.0.15 on glibc: 0x1.0000000000000001p-16446 is above halfway yet rejected.
    assert.deepEqual(incrByFloat('0', '0x1.0000000000000001p-16446'), notFloat)
    assert.deepEqual(incrByFloat('0', '-0x1.0000000000000001p-16446'), notFloat)
    assert.deepEqual(incrByFloat('0', '0x2.0000000000000002p-16447'), notFloat)
    assert.deepEqual(incrByFloat('0', '0x1.00000000000000010p-16446'), notFloat)
    assert.deepEqual(incrByFloat('0', '0x1.0000000000000001fp-16446'), { ok: true, value: '0' })
    assert.deepEqual(incrByFloat('0', '0x1.0000000000000002p-16446'), { ok: true, value: '0' })
    assert.deepEqual(incrByFloat('0', '0x1.00000000000000008p-16446'), { ok: true, value: '0' })
  })

  it('refuses operands of 5 KiB or more', () => {
    assert.equal(MAX_LONG_DOUBLE_CHARS, 5120)
    assert.deepEqual(incrByFloat('0', `${'0'.repeat(5118)}1`), { ok: true, value: '1' })
    assert.deepEqual(incrByFloat('0', `${'0'.repeat(5119)}1`), notFloat)
    assert.deepEqual(incrByFloat(`${'0'.repeat(5119)}1`, '1'), notFloat)
    assert.deepEqual(incrByFloat('0', `1.${'0'.repeat(5117)}`), { ok: true, value: '1' })
  })

  it('answers nan-or-inf for any infinite operand or an overflowing sum', () => {
    for (const s of ['inf', '+inf', '-INF', 'Infinity', '-infinity'])
      assert.deepEqual(incrByFloat('0', s), nanOrInf)
    assert.deepEqual(incrByFloat('inf', '1'), nanOrInf)
    assert.deepEqual(incrByFloat('inf', '-inf'), nanOrInf)
    assert.deepEqual(incrByFloat('1e4932', '1e4932'), nanOrInf)
    assert.deepEqual(incrByFloat('0', 'infin'), notFloat)
  })
})

describe('long double pieces', () => {
  it('sums exactly representable values exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
        fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
        (a, b) => {
          const x = parseLongDouble(a.toString())
          const y = parseLongDouble(b.toString())
          assert.ok(x !== null && y !== null)
          const sum = addLongDouble(x, y)
          assert.ok(sum !== null)
          assert.equal(formatLongDoubleHuman(sum), (a + b).toString())
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('prints decimals below 50 with up to 17 places exactly as written (64-bit mantissa suffices)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(5n * 10n ** 18n), max: 5n * 10n ** 18n }), (n) => {
        const abs = (n < 0n ? -n : n).toString().padStart(18, '0')
        const frac = abs.slice(-17).replace(/0+$/, '')
        const canonical = `${n < 0n ? '-' : ''}${abs.slice(0, -17)}${frac === '' ? '' : `.${frac}`}`
        const want = canonical === '-0' ? '0' : canonical
        assert.equal(formatLongDoubleHuman(parseLongDouble(`${n}e-17`)!), want)
      }),
      { numRuns: 5_000 },
    )
  })

  it('rounds the 80-bit sum to a 64-bit mantissa, ties to even', () => {
    // 2^64 + 1 is a tie between 2^64 and 2^64 + 2: even wins; 2^64 + 3 rounds up to 2^64 + 4.
    assert.deepEqual(incrByFloat('18446744073709551616', '1'), { ok: true, value: '18446744073709551616' })
    assert.deepEqual(incrByFloat('18446744073709551616', '3'), { ok: true, value: '18446744073709551620' })
  })
})
