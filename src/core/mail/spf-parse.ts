import { isIpv4, isIpv6 } from './ip-syntax.ts';

/** The SPF record syntax of RFC 7208 §4.5–§6 and §12 (ABNF), as a pure parser that never throws. */

export type SpfQualifier = '+' | '-' | '~' | '?';
export type SpfMechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfMechanism {
  kind: 'mechanism';
  qualifier: SpfQualifier;
  /** Whether the qualifier was written out (`+all`) or implied (`all`). */
  explicitQualifier: boolean;
  name: SpfMechanismName;
  /** include/exists: required; a/mx/ptr: optional (defaults to the current domain); else absent. */
  domainSpec?: string;
  /** ip4/ip6: the address. */
  ip?: string;
  cidr4?: number;
  cidr6?: number;
  /** The term as written. */
  text: string;
}

export interface SpfModifier {
  kind: 'modifier';
  /** Lower case: modifier names are case-insensitive. */
  name: string;
  value: string;
  text: string;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface SpfRecord {
  terms: SpfTerm[];
  mechanisms: SpfMechanism[];
  /** The `redirect=` target, if any. */
  redirect?: string;
  /** The `exp=` target, if any. */
  exp?: string;
}

export type SpfSyntaxErrorCode =
  | 'not-spf'
  | 'unknown-mechanism'
  | 'bad-modifier-name'
  | 'bad-domain-spec'
  | 'bad-ip'
  | 'bad-cidr'
  | 'missing-argument'
  | 'unexpected-argument'
  | 'duplicate-modifier';

export interface SpfSyntaxError {
  code: SpfSyntaxErrorCode;
  /** The offending term as written (the version tag for `not-spf`). */
  term: string;
}

export type SpfParseResult = { ok: true; record: SpfRecord } | { ok: false; error: SpfSyntaxError };

const MECHANISMS = new Set<string>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const MODIFIER = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s;
const DIRECTIVE = /^([+\-~?]?)([A-Za-z][A-Za-z0-9_.-]*)(.*)$/s;

/** Whether a TXT string is an SPF record at all (§4.5: "v=spf1" then a space or the end). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

export function parseSpf(text: string): SpfParseResult {
  if (!isSpfRecord(text)) return fail('not-spf', text.split(' ')[0] ?? '');
  const record: SpfRecord = { terms: [], mechanisms: [] };
  // 1*SP between terms; a record split into several TXT strings at a space may carry doubled or
  // trailing spaces once joined, which the grammar allows.
  for (const word of text.slice(6).split(' ')) {
    if (word === '') continue;
    const term = parseTerm(word);
    if ('code' in term) return { ok: false, error: term };
    if (term.kind === 'modifier') {
      if (term.name === 'redirect' || term.name === 'exp') {
        // §6: redirect and exp each appear at most once.
        if (record[term.name] !== undefined) return fail('duplicate-modifier', word);
        record[term.name] = term.value;
      }
    } else {
      record.mechanisms.push(term);
    }
    record.terms.push(term);
  }
  return { ok: true, record };
}

function parseTerm(word: string): SpfTerm | SpfSyntaxError {
  const modifier = MODIFIER.exec(word);
  if (modifier) return parseModifier(word, modifier[1] ?? '', modifier[2] ?? '');
  const directive = DIRECTIVE.exec(word);
  if (!directive) return { code: word.includes('=') ? 'bad-modifier-name' : 'unknown-mechanism', term: word };
  const [, qualifier = '', rawName = '', rest = ''] = directive;
  const name = rawName.toLowerCase();
  if (!MECHANISMS.has(name)) return { code: 'unknown-mechanism', term: word };
  const mechanism: SpfMechanism = {
    kind: 'mechanism',
    qualifier: (qualifier || '+') as SpfQualifier,
    explicitQualifier: qualifier !== '',
    name: name as SpfMechanismName,
    text: word,
  };
  const problem = parseArguments(mechanism, rest);
  return problem ? { code: problem, term: word } : mechanism;
}

function parseModifier(word: string, rawName: string, value: string): SpfModifier | SpfSyntaxError {
  const name = rawName.toLowerCase();
  if (name === 'redirect' || name === 'exp') {
    if (!isDomainSpec(value)) return { code: 'bad-domain-spec', term: word };
  } else if (!isMacroString(value)) {
    return { code: 'bad-domain-spec', term: word };
  }
  return { kind: 'modifier', name, value, text: word };
}

/** Fills in the mechanism's arguments; returns the error code when they are malformed. */
function parseArguments(m: SpfMechanism, rest: string): SpfSyntaxErrorCode | null {
  switch (m.name) {
    case 'all':
      return rest === '' ? null : 'unexpected-argument';
    case 'include':
    case 'exists': {
      if (!rest.startsWith(':')) return 'missing-argument';
      m.domainSpec = rest.slice(1);
      return isDomainSpec(m.domainSpec) ? null : 'bad-domain-spec';
    }
    case 'ptr': {
      if (rest === '') return null;
      if (!rest.startsWith(':')) return 'unexpected-argument';
      m.domainSpec = rest.slice(1);
      return isDomainSpec(m.domainSpec) ? null : 'bad-domain-spec';
    }
    case 'a':
    case 'mx':
      return parseDomainAndDualCidr(m, rest);
    case 'ip4':
    case 'ip6':
      return parseNetwork(m, rest);
  }
}

function parseDomainAndDualCidr(m: SpfMechanism, rest: string): SpfSyntaxErrorCode | null {
  let cidr = rest;
  if (rest.startsWith(':')) {
    const slash = cidrStart(rest);
    const spec = slash < 0 ? rest.slice(1) : rest.slice(1, slash);
    cidr = slash < 0 ? '' : rest.slice(slash);
    if (!isDomainSpec(spec)) return 'bad-domain-spec';
    m.domainSpec = spec;
  } else if (rest !== '' && !rest.startsWith('/')) {
    return 'unexpected-argument';
  }
  // dual-cidr-length = [ "/" ip4-cidr ] [ "//" ip6-cidr ]
  const dual = /^(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/.exec(cidr);
  if (!dual) return 'bad-cidr';
  if (dual[1] !== undefined) {
    const v4 = cidrLength(dual[1], 32);
    if (v4 === null) return 'bad-cidr';
    m.cidr4 = v4;
  }
  if (dual[2] !== undefined) {
    const v6 = cidrLength(dual[2], 128);
    if (v6 === null) return 'bad-cidr';
    m.cidr6 = v6;
  }
  return null;
}

function parseNetwork(m: SpfMechanism, rest: string): SpfSyntaxErrorCode | null {
  if (!rest.startsWith(':')) return 'missing-argument';
  const slash = rest.indexOf('/');
  const ip = slash < 0 ? rest.slice(1) : rest.slice(1, slash);
  if (!(m.name === 'ip4' ? isIpv4(ip) : isIpv6(ip))) return 'bad-ip';
  m.ip = ip;
  if (slash < 0) return null;
  const length = cidrLength(rest.slice(slash + 1), m.name === 'ip4' ? 32 : 128);
  if (length === null) return 'bad-cidr';
  if (m.name === 'ip4') m.cidr4 = length;
  else m.cidr6 = length;
  return null;
}

/** ip4-cidr-length / ip6-cidr-length: no leading zeros, within the address size. */
function cidrLength(digits: string, max: number): number | null {
  if (!/^(0|[1-9][0-9]{0,2})$/.test(digits)) return null;
  const n = Number(digits);
  return n <= max ? n : null;
}

/** macro-expand = "%{" letter *DIGIT ["r"] *delimiter "}" / "%%" / "%_" / "%-" (§7.1). */
const MACRO_EXPAND = /%(?:\{[slodiphcrtvSLODIPHCRTV][0-9]*[rR]?[.\-+,/_=]*\}|[%_-])/y;

/** Scans a macro-string; tells whether it is valid and whether it ends with a macro-expand. */
function scanMacroString(text: string): 'invalid' | 'ends-with-macro' | 'ends-with-literal' {
  let endsWithMacro = false;
  let i = 0;
  while (i < text.length) {
    if (text[i] === '%') {
      MACRO_EXPAND.lastIndex = i;
      const match = MACRO_EXPAND.exec(text);
      if (!match) return 'invalid';
      i += match[0].length;
      endsWithMacro = true;
      continue;
    }
    const code = text.charCodeAt(i);
    // macro-literal = %x21-24 / %x26-7E (visible characters except "%")
    if (code < 0x21 || code > 0x7e) return 'invalid';
    endsWithMacro = false;
    i++;
  }
  return endsWithMacro ? 'ends-with-macro' : 'ends-with-literal';
}

function isMacroString(text: string): boolean {
  return scanMacroString(text) !== 'invalid';
}

/** Whether a domain-spec contains macros, which are expanded per message and so cannot be checked here. */
export function hasMacro(domainSpec: string): boolean {
  return domainSpec.includes('%');
}

/**
 * domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand (§7.1).
 * Without macros the name must also be a usable host name: no empty labels, labels ≤ 63 octets.
 */
function isDomainSpec(spec: string): boolean {
  const scan = spec === '' ? 'invalid' : scanMacroString(spec);
  if (scan === 'invalid') return false;
  if (scan === 'ends-with-macro') return true;
  const name = spec.endsWith('.') ? spec.slice(0, -1) : spec;
  const labels = name.split('.');
  const top = labels[labels.length - 1] ?? '';
  if (hasMacro(name)) return labels.length > 1 && isTopLabel(top);
  if (labels.length < 2 || name.length > 253) return false;
  return labels.every((l) => l.length > 0 && l.length <= 63) && isTopLabel(top);
}

/** The index of the first "/" outside a macro's braces (a macro delimiter may itself be "/"). */
function cidrStart(text: string): number {
  let inMacro = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' && text[i - 1] === '%') inMacro = true;
    else if (c === '}') inMacro = false;
    else if (c === '/' && !inMacro) return i;
  }
  return -1;
}

/** toplabel: alphanumerics with at least one letter, or with inner hyphens (§7.1, RFC 3696 §2). */
function isTopLabel(label: string): boolean {
  return (
    /^[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/.test(label) || /^[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]$/.test(label)
  );
}

function fail(code: SpfSyntaxErrorCode, term: string): SpfParseResult {
  return { ok: false, error: { code, term } };
}
