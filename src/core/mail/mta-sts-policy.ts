import { normalizeHost } from './dns-answers.ts';
import { duplicateTag, parseTagList, versionProblem } from './tag-list.ts';

/** MTA-STS (RFC 8461): the `_mta-sts` TXT record (§3.1) and the policy file (§3.2), pure parsers. */

export type MtaStsMode = 'enforce' | 'testing' | 'none';

export interface MtaStsPolicy {
  mode: MtaStsMode;
  mx: string[];
  maxAge: number;
}

export type MtaStsPolicyErrorCode =
  | 'malformed-line'
  | 'missing-version'
  | 'bad-version'
  | 'missing-mode'
  | 'bad-mode'
  | 'missing-max-age'
  | 'bad-max-age'
  | 'missing-mx'
  | 'bad-mx'
  | 'duplicate-field';

export interface MtaStsPolicyError {
  code: MtaStsPolicyErrorCode;
  /** The offending line, or the missing field's name. */
  part: string;
}

export type MtaStsPolicyResult = { ok: true; policy: MtaStsPolicy } | { ok: false; error: MtaStsPolicyError };

/** §3.2: max_age is at most 31557600 seconds (about a year). */
const MAX_AGE_LIMIT = 31_557_600;
const SINGLE_FIELDS = new Set(['version', 'mode', 'max_age']);

export function parseMtaStsPolicy(text: string): MtaStsPolicyResult {
  const fields = new Map<string, string>();
  const mx: string[] = [];
  // Lines end in CRLF per the ABNF; LF alone is common and harmless.
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    const field = splitField(line);
    if (!field) return fail('malformed-line', line);
    const { key, value } = field;
    if (key === 'mx') {
      if (!isMxPattern(value)) return fail('bad-mx', line);
      mx.push(normalizeHost(value));
    } else if (SINGLE_FIELDS.has(key)) {
      if (fields.has(key)) return fail('duplicate-field', line);
      fields.set(key, value.trim());
    }
    // Other keys are extensions: ignored (§3.2).
  }
  const version = fields.get('version');
  if (version === undefined) return fail('missing-version', 'version');
  if (version !== 'STSv1') return fail('bad-version', `version: ${version}`);
  const mode = fields.get('mode');
  if (mode === undefined) return fail('missing-mode', 'mode');
  if (mode !== 'enforce' && mode !== 'testing' && mode !== 'none') return fail('bad-mode', `mode: ${mode}`);
  const maxAge = fields.get('max_age');
  if (maxAge === undefined) return fail('missing-max-age', 'max_age');
  if (!/^[0-9]{1,10}$/.test(maxAge) || Number(maxAge) > MAX_AGE_LIMIT)
    return fail('bad-max-age', `max_age: ${maxAge}`);
  // Only a "none" policy (which withdraws MTA-STS) may go without mx lines.
  if (mx.length === 0 && mode !== 'none') return fail('missing-mx', 'mx');
  return { ok: true, policy: { mode, mx, maxAge: Number(maxAge) } };
}

/**
 * `key: value` (§3.2 sts-policy-field). By hand: /^([A-Za-z0-9_]+):[ \t]*(.*)$/ is quadratic when
 * a long run of blanks is followed by a character "." does not match (U+2028).
 */
function splitField(line: string): { key: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  for (let i = 0; i < colon; i++) {
    const c = line.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!word) return null;
  }
  let start = colon + 1;
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start += 1;
  const value = line.slice(start);
  // The old pattern's "." stopped at line terminators: a value holding one is no field.
  if (/[\r\n\u2028\u2029]/.test(value)) return null;
  return { key: line.slice(0, colon), value };
}

/** mx-pattern = [ "*." ] host name (§3.2). */
function isMxPattern(value: string): boolean {
  const host = value.trim().replace(/^\*\./, '').replace(/\.$/, '');
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

/**
 * §4.1: a pattern is a host name, matched case-insensitively, or "*." plus a name, which matches
 * exactly one more leftmost label (`*.example.com` matches `mx1.example.com`, not `example.com` nor
 * `a.b.example.com`).
 */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const name = normalizeHost(host);
  const wanted = normalizeHost(pattern);
  if (!wanted.startsWith('*.')) return name === wanted;
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot + 1) === wanted.slice(2);
}

export interface MtaStsTxt {
  id: string;
}

export type MtaStsTxtResult = { ok: true; record: MtaStsTxt } | { ok: false; part: string };

/** §3.1: `v=STSv1; id=<1-32 alphanumerics>;` with extension fields allowed. */
export function parseMtaStsTxt(text: string): MtaStsTxtResult {
  const list = parseTagList(text);
  if (!list.ok) return { ok: false, part: list.part.trim() };
  const problem = versionProblem(list.tags, 'STSv1');
  if (problem) return { ok: false, part: problem };
  const duplicate = duplicateTag(list.tags);
  if (duplicate) return { ok: false, part: duplicate };
  const id = list.tags.find((t) => t.name === 'id');
  if (!id) return { ok: false, part: 'id' };
  if (!/^[A-Za-z0-9]{1,32}$/.test(id.value)) return { ok: false, part: `id=${id.value}` };
  return { ok: true, record: { id: id.value } };
}

function fail(code: MtaStsPolicyErrorCode, part: string): MtaStsPolicyResult {
  return { ok: false, error: { code, part } };
}
