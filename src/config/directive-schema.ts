/**
 * The shape of an entry of the directive table (directives.ts) and the rules that turn a
 * support level into a value check. Support levels:
 * - implemented: redoubt honours every value the type accepts (a 'check' may still refuse some);
 * - accepted: stored and reported; every value let through is honest, either because the
 *   check keeps it at its default/"off" value or because the directive only tunes internals
 *   with no observable effect in redoubt (encoding thresholds, lazy freeing) or tunes a feature
 *   that is off and whose switch is refused (AOF knobs while 'appendonly yes' is refused);
 * - unsupported: a feature redoubt lacks and does not plan yet; only its default is accepted,
 *   since restating a default asks for nothing (stock redis.conf files restate many).
 */

import type { ValueType } from './value-types.js'

/** How far redoubt supports a directive. */
export type SupportLevel = 'implemented' | 'accepted' | 'unsupported'

/** A directive with a value (every name CONFIG GET knows). */
export interface ValueDirective {
  readonly kind: 'value'
  /** Canonical name, as CONFIG REWRITE writes it. */
  readonly name: string
  /** Other names Redis accepts for it (each also listed by CONFIG GET *). */
  readonly aliases: readonly string[]
  readonly type: ValueType
  /** Value on a redis-server 7.0.15 started without a config file, as CONFIG GET prints it. */
  readonly default: string
  /** Value redoubt starts with when it differs from 'default' (see 'note'). */
  readonly initial: string
  /** False: CONFIG SET answers "can't set immutable config". */
  readonly mutable: boolean
  /** CONFIG SET needs enable-protected-configs (Redis PROTECTED_CONFIG). */
  readonly protected: boolean
  /** CONFIG SET refused while loading data (Redis DENY_LOADING_CONFIG). */
  readonly denyLoading: boolean
  /** Listed by CONFIG GET only when asked for by exact name (Redis HIDDEN_CONFIG). */
  readonly hidden: boolean
  /** Arguments redacted from MONITOR, SLOWLOG and logs (Redis SENSITIVE_CONFIG, plus TLS key passwords). */
  readonly sensitive: boolean
  /** The value is a secret (password): callers may hide it from CONFIG GET. */
  readonly secret: boolean
  readonly support: SupportLevel
  /** Refuses a parsed (canonical) value redoubt cannot honour, with the reason; else null. */
  readonly check: (value: string) => string | null
  /** Why this support level / check, for docs/config.md. */
  readonly note: string
}

/** A directive only redis.conf knows (no value of its own: include, user, ...). */
export interface FileOnlyDirective {
  readonly kind: 'file-only'
  readonly name: string
  /** Argument synopsis. */
  readonly usage: string
  readonly support: SupportLevel
  readonly note: string
}

/** One entry of the directive table. */
export type Directive = ValueDirective | FileOnlyDirective

/** Options of an entry; everything absent takes the common value (mutable, no flags). */
export interface DirectiveOptions {
  readonly aliases?: readonly string[]
  readonly immutable?: boolean
  readonly protected?: boolean
  readonly denyLoading?: boolean
  readonly hidden?: boolean
  readonly sensitive?: boolean
  readonly secret?: boolean
  readonly initial?: string
  /** 'accepted' only: refuse every value but the default. */
  readonly onlyDefault?: boolean
  readonly check?: (value: string) => string | null
  readonly note?: string
}

function defaultOnly(def: string, yet: boolean): (value: string) => string | null {
  const reason = `not supported by redoubt${yet ? ' yet' : ''} (only the default value '${def}' is accepted)`
  return (value) => (value === def ? null : reason)
}

/** Builds a table entry, deriving the value check from the support level. */
export function valueDirective(
  name: string,
  type: ValueType,
  def: string,
  support: SupportLevel,
  opts: DirectiveOptions = {},
): ValueDirective {
  let check = opts.check ?? ((): string | null => null)
  if (support === 'unsupported') check = defaultOnly(def, false)
  else if (opts.onlyDefault) check = defaultOnly(def, true)
  return {
    kind: 'value',
    name,
    aliases: opts.aliases ?? [],
    type,
    default: def,
    initial: opts.initial ?? def,
    mutable: opts.immutable !== true,
    protected: opts.protected === true,
    denyLoading: opts.denyLoading === true,
    hidden: opts.hidden === true,
    sensitive: opts.sensitive === true,
    secret: opts.secret === true,
    support,
    check,
    note: opts.note ?? '',
  }
}
