import { isIpv4, isIpv6 } from './ip-syntax.ts';
import { domainSpecProblem, type MacroProblem, macroStringProblem } from './spf-macro.ts';

/** The SPF record syntax of RFC 7208 §4.5–§7 and §12 (ABNF), as a pure parser that never throws. */

export { hasMacro } from './spf-macro.ts';

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
  | 'bad-macro'
  | 'macro-not-allowed'
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

/** The RFC 7208 section each syntax error breaks, for the finding's detail (language-neutral). */
export const SPF_SYNTAX_RULE: Record<SpfSyntaxErrorCode, string> = {
  'not-spf': 'RFC 7208 §4.5',
  'unknown-mechanism': 'RFC 7208 §4.6.1, §5',
  'bad-modifier-name': 'RFC 7208 §4.6.1, §6',
  'bad-domain-spec': 'RFC 7208 §7.1',
  'bad-macro': 'RFC 7208 §7.1',
  'macro-not-allowed': 'RFC 7208 §7.2',
  'bad-ip': 'RFC 7208 §5.6',
  'bad-cidr': 'RFC 7208 §5.6',
  'missing-argument': 'RFC 7208 §5',
  'unexpected-argument': 'RFC 7208 §5',
  'duplicate-modifier': 'RFC 7208 §6',
};

export type SpfParseResult = { ok: true; record: SpfRecord } | { ok: false; error: SpfSyntaxError };

const MECHANISMS = new Set<string>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const QUALIFIERS = '+-~?';

/**
 * Whether a TXT string is an SPF record at all (§4.5): it starts with "v=spf1" (ABNF strings are
 * case-insensitive, so "V=SPF1" too) followed by a space or the end; "v=spf10" is not one.
 */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

/**
 * record = version terms *SP; terms = *( 1*SP ( directive / modifier ) ) (§4.6.1, §12). Only the
 * space separates terms: a tab or any other control character is a syntax error inside a term. A
 * record split into several TXT strings at a space may carry doubled or trailing spaces once joined
 * (§3.3), which the grammar allows. Any syntax error anywhere is a permerror (§4.6).
 */
export function parseSpf(text: string): SpfParseResult {
  if (!isSpfRecord(text)) return fail('not-spf', text.split(' ', 1)[0] ?? '');
  const record: SpfRecord = { terms: [], mechanisms: [] };
  let i = 'v=spf1'.length;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x20) {
      i++;
      continue;
    }
    const space = text.indexOf(' ', i);
    const end = space < 0 ? text.length : space;
    const word = text.slice(i, end);
    i = end;
    const term = parseTerm(word);
    if ('code' in term) return { ok: false, error: term };
    if (term.kind === 'modifier') {
      if (term.name === 'redirect' || term.name === 'exp') {
        // §6: redirect and exp each appear at most once; unknown modifiers may repeat.
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
  const hasQualifier = QUALIFIERS.includes(word[0] ?? ' ');
  const nameStart = hasQualifier ? 1 : 0;
  const nameEnd = nameLength(word, nameStart);
  // §4.6.1: a term is a modifier when a name is followed at once by "=" (before any ":" or "/");
  // name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) (§12).
  if (nameEnd === nameStart)
    return { code: word.includes('=') ? 'bad-modifier-name' : 'unknown-mechanism', term: word };
  const rawName = word.slice(nameStart, nameEnd);
  if (word[nameEnd] === '=' && !hasQualifier) return parseModifier(word, rawName, word.slice(nameEnd + 1));
  const name = rawName.toLowerCase();
  if (!MECHANISMS.has(name)) return { code: 'unknown-mechanism', term: word };
  const mechanism: SpfMechanism = {
    kind: 'mechanism',
    qualifier: (hasQualifier ? word[0] : '+') as SpfQualifier,
    explicitQualifier: hasQualifier,
    name: name as SpfMechanismName,
    text: word,
  };
  const problem = parseArguments(mechanism, word.slice(nameEnd));
  return problem ? { code: problem, term: word } : mechanism;
}

/** The end of the name that starts at `start`: a letter, then letters, digits, "-", "_", "."; `start` if none. */
function nameLength(word: string, start: number): number {
  if (!isAsciiLetter(word.charCodeAt(start))) return start;
  let i = start + 1;
  while (i < word.length) {
    const code = word.charCodeAt(i);
    if (
      !(
        isAsciiLetter(code) ||
        (code >= 0x30 && code <= 0x39) ||
        code === 0x2d ||
        code === 0x5f ||
        code === 0x2e
      )
    )
      break;
    i++;
  }
  return i;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function parseModifier(word: string, rawName: string, value: string): SpfModifier | SpfSyntaxError {
  const name = rawName.toLowerCase();
  // redirect = "redirect" "=" domain-spec; explanation = "exp" "=" domain-spec (§6.1, §6.2). The
  // known names are not "unknown-modifier"s, so a bad value is an error, not an ignored term.
  const problem =
    name === 'redirect' || name === 'exp' ? domainSpecProblem(value) : macroStringProblem(value);
  if (problem) return { code: macroCode(problem), term: word };
  return { kind: 'modifier', name, value, text: word };
}

/** Fills in the mechanism's arguments; returns the error code when they are malformed. */
function parseArguments(m: SpfMechanism, rest: string): SpfSyntaxErrorCode | null {
  switch (m.name) {
    case 'all':
      // all = "all" (§5.1): "-all.", "-all:x" and "-all/8" are errors.
      return rest === '' ? null : 'unexpected-argument';
    case 'include':
    case 'exists':
      // include = "include" ":" domain-spec (§5.2); exists = "exists" ":" domain-spec (§5.7).
      if (!rest.startsWith(':')) return rest === '' ? 'missing-argument' : 'unexpected-argument';
      return setDomainSpec(m, rest.slice(1));
    case 'ptr':
      // ptr = "ptr" [ ":" domain-spec ] (§5.5): no CIDR length.
      if (rest === '') return null;
      if (!rest.startsWith(':')) return 'unexpected-argument';
      return setDomainSpec(m, rest.slice(1));
    case 'a':
    case 'mx':
      return parseDomainAndDualCidr(m, rest);
    case 'ip4':
    case 'ip6':
      return parseNetwork(m, rest);
  }
}

function setDomainSpec(m: SpfMechanism, spec: string): SpfSyntaxErrorCode | null {
  const problem = domainSpecProblem(spec);
  if (problem) return macroCode(problem);
  m.domainSpec = spec;
  return null;
}

/**
 * a = "a" [ ":" domain-spec ] [ dual-cidr-length ] (§5.3, §5.4 for mx);
 * dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ].
 * A domain-spec may contain "/" but always ends in a top label or a macro, never in "/digits", so
 * the CIDR lengths are read from the end: `a:foo:bar/baz.example.com` has none, `a:x.example/24//64`
 * has both.
 */
function parseDomainAndDualCidr(m: SpfMechanism, rest: string): SpfSyntaxErrorCode | null {
  const { head, v4, v6 } = splitDualCidr(rest);
  if (v4 !== undefined) {
    const length = cidrLength(v4, 32);
    if (length === null) return 'bad-cidr';
    m.cidr4 = length;
  }
  if (v6 !== undefined) {
    const length = cidrLength(v6, 128);
    if (length === null) return 'bad-cidr';
    m.cidr6 = length;
  }
  // "a/", "a:x.example/" or "a/24/64": a slash left over is a broken CIDR length, not a name.
  if (head.startsWith('/') || head.endsWith('/')) return 'bad-cidr';
  if (head === '') return null;
  if (!head.startsWith(':')) return 'unexpected-argument';
  return setDomainSpec(m, head.slice(1));
}

/** Splits "[:domain-spec][/v4][//v6]" from the right, without regular expressions. */
function splitDualCidr(rest: string): { head: string; v4?: string; v6?: string } {
  let end = rest.length;
  let v4: string | undefined;
  let v6: string | undefined;
  let start = digitsStart(rest, end);
  if (start < end && rest[start - 1] === '/') {
    if (rest[start - 2] === '/') {
      v6 = rest.slice(start, end);
      end = start - 2;
      start = digitsStart(rest, end);
      if (start < end && rest[start - 1] === '/' && rest[start - 2] !== '/') {
        v4 = rest.slice(start, end);
        end = start - 1;
      }
    } else {
      v4 = rest.slice(start, end);
      end = start - 1;
    }
  }
  return { head: rest.slice(0, end), v4, v6 };
}

/** The start of the run of ASCII digits that ends at `end`. */
function digitsStart(text: string, end: number): number {
  let i = end;
  while (i > 0) {
    const code = text.charCodeAt(i - 1);
    if (code < 0x30 || code > 0x39) break;
    i--;
  }
  return i;
}

/** ip4 = "ip4" ":" ip4-network [ ip4-cidr-length ]; ip6 likewise (§5.6). */
function parseNetwork(m: SpfMechanism, rest: string): SpfSyntaxErrorCode | null {
  if (!rest.startsWith(':')) return rest === '' ? 'missing-argument' : 'unexpected-argument';
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

/**
 * ip4-cidr-length = "/" ( "0" / %x31-39 0*1DIGIT ), at most 32; ip6-cidr-length = "/" ( "0" /
 * %x31-39 0*2DIGIT ), at most 128 (§5.6): no leading zeros ("/032" is an error), no sign, no space.
 */
function cidrLength(digits: string, max: number): number | null {
  const most = max === 32 ? 2 : 3;
  if (digits === '' || digits.length > most || (digits.length > 1 && digits[0] === '0')) return null;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return null;
  }
  const n = Number(digits);
  return n <= max ? n : null;
}

function macroCode(problem: MacroProblem): SpfSyntaxErrorCode {
  if (problem === 'bad-macro') return 'bad-macro';
  if (problem === 'macro-not-allowed') return 'macro-not-allowed';
  return 'bad-domain-spec';
}

function fail(code: SpfSyntaxErrorCode, term: string): SpfParseResult {
  return { ok: false, error: { code, term } };
}
