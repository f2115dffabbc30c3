/**
 * The SPF macro language and the domain-spec it builds (RFC 7208 §7), as syntax only: nothing here
 * expands a macro, because expansion needs the message (sender, client address) that a domain check
 * does not have. Hand-written scanners, no regular expressions: every check is one pass over the
 * text, whatever a remote record contains.
 */

/** Why a macro-string or domain-spec is not valid; `null` when it is. */
export type MacroProblem = 'bad-macro' | 'macro-not-allowed' | 'bad-character' | 'bad-domain-end';

/**
 * macro-letter = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v" (§7.1), in either
 * case: ABNF strings are case-insensitive, and an upper-case letter asks for URL escaping (§7.3).
 */
const MACRO_LETTERS = 'slodiphcrtv';
/** §7.2: "The following macro letters are allowed only in "exp" text: c, r, t". */
const EXP_ONLY_LETTERS = 'crt';
/** delimiter = "." / "-" / "+" / "," / "/" / "_" / "=" (§7.1). */
const DELIMITERS = '.-+,/_=';

interface Scan {
  problem: MacroProblem | null;
  /** Whether the text ends with a macro-expand (a valid domain-end on its own, §7.1). */
  endsWithMacro: boolean;
  hasMacro: boolean;
}

/**
 * Scans a macro-string = *( macro-expand / macro-literal ) (§7.1).
 * macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-";
 * transformers = *DIGIT [ "r" ], and a DIGIT transformer must be nonzero (§7.3);
 * macro-literal = %x21-24 / %x26-7E (visible ASCII except "%": no space, no control, no 8-bit).
 * `allowExpLetters` is for text where c, r and t may appear.
 */
function scanMacroString(text: string, allowExpLetters: boolean): Scan {
  let endsWithMacro = false;
  let hasMacro = false;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x25 /* % */) {
      const end = macroExpandEnd(text, i, allowExpLetters);
      if (typeof end !== 'number') return { problem: end, endsWithMacro, hasMacro: true };
      i = end;
      endsWithMacro = true;
      hasMacro = true;
      continue;
    }
    if (code < 0x21 || code > 0x7e) return { problem: 'bad-character', endsWithMacro, hasMacro };
    endsWithMacro = false;
    i++;
  }
  return { problem: null, endsWithMacro, hasMacro };
}

/** The index just past the macro-expand starting at `start` (a "%"), or what is wrong with it. */
function macroExpandEnd(text: string, start: number, allowExpLetters: boolean): number | MacroProblem {
  const next = text[start + 1];
  // §7.1: a "%" not followed by "{", "%", "-" or "_" is a syntax error.
  if (next === '%' || next === '_' || next === '-') return start + 2;
  if (next !== '{') return 'bad-macro';
  const letter = (text[start + 2] ?? '').toLowerCase();
  if (letter === '' || !MACRO_LETTERS.includes(letter)) return 'bad-macro';
  let i = start + 3;
  const digitsStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  // §7.3: "If a DIGIT is specified, the value MUST be nonzero."
  if (i > digitsStart && /^0+$/.test(text.slice(digitsStart, i))) return 'bad-macro';
  if (text[i] === 'r' || text[i] === 'R') i++;
  while (i < text.length && DELIMITERS.includes(text[i] ?? '')) i++;
  if (text[i] !== '}') return 'bad-macro';
  if (!allowExpLetters && EXP_ONLY_LETTERS.includes(letter)) return 'macro-not-allowed';
  return i + 1;
}

/** Whether a value is a valid macro-string (an unknown modifier's value, §6 and §12). */
export function macroStringProblem(text: string): MacroProblem | null {
  // Unknown modifiers are never expanded by a receiver (§6: they are ignored), so c, r and t are not
  // refused in them: §7.2 restricts where those letters are expanded, not what an ignored term holds.
  return scanMacroString(text, true).problem;
}

/** Whether a domain-spec contains a macro (expanded per message, so it cannot be looked up here). */
export function hasMacro(domainSpec: string): boolean {
  return domainSpec.includes('%');
}

/**
 * domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand (§7.1).
 * A domain-spec may therefore hold ":" and "/" (`foo:bar/baz.example.com`), but it must end in a
 * top label after a dot or in a macro, and "c", "r", "t" are refused: a domain-spec is not "exp"
 * text (§7.2), `exp=` included (its value is the name to look the text up at, §6.2).
 * Without macros the name must also be one DNS can ask for: no empty label, labels of at most 63
 * octets, at most 253 in all (RFC 1035 §2.3.4; the RFC 7208 test suite accepts a permerror here).
 */
export function domainSpecProblem(spec: string): MacroProblem | null {
  if (spec === '') return 'bad-domain-end';
  const scan = scanMacroString(spec, false);
  if (scan.problem) return scan.problem;
  if (scan.endsWithMacro) return null;
  const name = spec.endsWith('.') ? spec.slice(0, -1) : spec;
  const dot = name.lastIndexOf('.');
  if (dot < 0 || !isTopLabel(name.slice(dot + 1))) return 'bad-domain-end';
  if (scan.hasMacro) return null;
  if (name.length > 253) return 'bad-domain-end';
  let labelStart = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i < name.length && name[i] !== '.') continue;
    const length = i - labelStart;
    if (length === 0 || length > 63) return 'bad-domain-end';
    labelStart = i + 1;
  }
  return null;
}

/**
 * toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) (§7.1):
 * letters, digits and inner hyphens, not all digits unless a hyphen is inside (`xn--zckzah`).
 */
function isTopLabel(label: string): boolean {
  if (label === '') return false;
  let letters = 0;
  let hyphens = 0;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (code === 0x2d /* - */) hyphens++;
    else if (isLetter(code)) letters++;
    else if (!isDigit(code)) return false;
  }
  if (hyphens === 0) return letters > 0;
  return label[0] !== '-' && label[label.length - 1] !== '-';
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Expands a domain-spec whose only macros are `%{d}` (with transformers) and the escapes "%%",
 * "%_", "%-": `d` is the current domain (§7.2), known without any message, so such a target can be
 * looked up like a fixed name. Any other macro letter depends on the message: null. The result is
 * lower case without the trailing dot, truncated from the left to 253 octets (§7.3), or null when
 * it is not a name DNS can ask for.
 */
export function expandDomainMacros(spec: string, domain: string): string | null {
  if (domainSpecProblem(spec)) return null;
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const c = spec[i] ?? '';
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    const next = spec[i + 1];
    // "%_" and "%-" expand to a space and "%20", and "%%" to "%": none belongs in a host name.
    if (next !== '{') return null;
    const close = spec.indexOf('}', i);
    const body = spec.slice(i + 2, close);
    if ((body[0] ?? '').toLowerCase() !== 'd') return null;
    out += transform(domain, body.slice(1));
    i = close + 1;
  }
  return hostName(out);
}

/** §7.3: split on the delimiters (default "."), reverse if "r", keep the N rightmost parts, join with ".". */
function transform(value: string, transformers: string): string {
  let i = 0;
  while (i < transformers.length && isDigit(transformers.charCodeAt(i))) i++;
  const keep = i > 0 ? Number(transformers.slice(0, i)) : 0;
  const reverse = transformers[i] === 'r' || transformers[i] === 'R';
  const delimiters = transformers.slice(reverse ? i + 1 : i) || '.';
  const parts: string[] = [];
  let start = 0;
  for (let j = 0; j <= value.length; j++) {
    if (j < value.length && !delimiters.includes(value[j] ?? '')) continue;
    parts.push(value.slice(start, j));
    start = j + 1;
  }
  if (reverse) parts.reverse();
  return (keep > 0 ? parts.slice(-keep) : parts).join('.');
}

function hostName(expanded: string): string | null {
  let name = expanded.toLowerCase().replace(/\.$/, '');
  // §7.3: "if the expanded domain name exceeds 253 characters, the left side is truncated to fit,
  // by removing successive domain labels".
  while (name.length > 253) {
    const dot = name.indexOf('.');
    if (dot < 0) return null;
    name = name.slice(dot + 1);
  }
  const labels = name.split('.');
  return labels.length > 1 && labels.every((l) => l.length > 0 && l.length <= 63) ? name : null;
}
