import { boundedItems, splitTag, trimWsp, versionProblem } from './dmarc-text.ts';
import { type DmarcReportUri, parseUriList } from './dmarc-uri.ts';

export type { DmarcReportUri } from './dmarc-uri.ts';

/**
 * DMARC policy records as receivers read them: RFC 9989 (DMARCbis) §4.7–§4.8 and §4.10.1, with the
 * RFC 7489 tags (§6.3) that receivers following only the older RFC still apply.
 *
 * What receivers do with an imperfect record decides what we report:
 * - v=DMARC1 not first, or not exact: the whole record is discarded (RFC 9989 §4.7, RFC 7489 §6.4).
 * - A missing or invalid p=, or an invalid sp= or np=: receivers act as if the record said p=none when
 *   rua= has at least one syntactically valid URI, and discard the record otherwise (RFC 7489 §6.6.3,
 *   RFC 9989 §4.10.1). Only the second case is a failed parse.
 * - Any other tag with a value outside its grammar is ignored in favour of its default, and the rest of
 *   the record applies (RFC 9989 §4.7 "Syntax errors in the remainder of the record MUST be
 *   discarded in favor of default values", RFC 7489 §6.3). Those parts are listed in `ignored`.
 * - Unknown tags are ignored silently (both RFCs). Tag names are case-insensitive, values of the
 *   enumerated tags too (ABNF quoted strings); whitespace around "=", ";" and "," is allowed.
 * - A repeated tag: RFC 6376 §3.2, whose tag-list syntax DMARC borrows, calls the whole list invalid,
 *   while receivers in practice keep one of the values. The first one is kept here and the repeat is
 *   listed in `ignored`, so the owner learns that receivers may disagree.
 */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcRecord {
  /** The policy receivers apply to the domain that publishes the record: p=, or none on fallback. */
  policy: DmarcPolicy;
  /** sp= as written (undefined when absent or ignored): defaults to `policy` for subdomains. */
  subdomainPolicy?: DmarcPolicy;
  /** np= (RFC 9989; RFC 9091 before it) as written: defaults to sp=, then p=. */
  nonexistentPolicy?: DmarcPolicy;
  /** RFC 7489 pct= (removed by RFC 9989): 100 unless a valid value is given. */
  pct: number;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  fo: string[];
  /** Usable aggregate report URIs (mailto:), in order. */
  rua: DmarcReportUri[];
  /** Usable failure report URIs (mailto:), in order. */
  ruf: DmarcReportUri[];
  /** t=y (RFC 9989 testing mode); undefined when absent or ignored. */
  testing?: boolean;
  /** psd= (RFC 9989); undefined when absent or ignored (the default is "u"). */
  psd?: 'y' | 'n' | 'u';
  /** Receivers apply p=none because p=, sp= or np= is missing or invalid and rua= is valid (§6.6.3). */
  fallback?: true;
  /** Parts receivers ignore, as written ("pct=150", "rua=ftp://x"); a missing p= is shown as "p=". */
  ignored: string[];
  /** RFC 7489 tags removed by RFC 9989 (pct, rf, ri), as written. */
  obsolete: string[];
}

export type DmarcSyntaxErrorCode = 'version-not-first' | 'missing-policy' | 'bad-value';

export interface DmarcSyntaxError {
  code: DmarcSyntaxErrorCode;
  /** The part that makes receivers discard the record (`p=maybe`, `sp=all`), or `p=` when p is missing. */
  part: string;
}

export type DmarcParseResult =
  | { ok: true; record: DmarcRecord }
  | {
      ok: false;
      error: DmarcSyntaxError;
      /** psd= of a discarded record still marks a boundary for the DNS tree walk (RFC 9989 §4.10 step 6). */
      psd?: 'y' | 'n' | 'u';
    };

const POLICIES: ReadonlySet<string> = new Set(['none', 'quarantine', 'reject']);
const FAILURE_OPTIONS: ReadonlySet<string> = new Set(['0', '1', 'd', 's']);
/** The tags of RFC 9989 §4.7 and RFC 7489 §6.3; any other is ignored, repeated or not. */
const KNOWN_TAGS: ReadonlySet<string> = new Set([
  'v',
  'p',
  'sp',
  'np',
  'adkim',
  'aspf',
  'fo',
  't',
  'psd',
  'rua',
  'ruf',
  'pct',
  'rf',
  'ri',
]);
/** Tag names are ALPHA in the grammar; digits, "_" and "-" are tolerated as unknown tags. */
const TAG_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** dmarc-value = %x20-3A / %x3C-7E (";" cannot occur inside a part), plus the WSP that the URI list allows. */
const PRINTABLE = /^[\t\x20-\x7e]+$/;
const MAX_RI = 4294967295;
/** Enough to show what is wrong; a hostile record could otherwise list thousands. */
export const MAX_IGNORED_PARTS = 20;
/**
 * A record has fourteen tags at most, a few unknown ones aside. Beyond this many parts the rest is not
 * read (the next part is listed as ignored), which keeps a 64 KiB answer of ";x;x;x" cheap.
 */
export const MAX_PARTS = 64;
/** fo= has four options and rf= one format; longer lists are noise, read as invalid. */
const MAX_LIST_ITEMS = 8;

interface PolicyTags {
  p?: { value?: DmarcPolicy; part: string };
  sp?: { value?: DmarcPolicy; part: string };
  np?: { value?: DmarcPolicy; part: string };
  ruaValid: boolean;
}

export function parseDmarc(text: string): DmarcParseResult {
  const problem = versionProblem(text);
  if (problem !== null) return { ok: false, error: { code: 'version-not-first', part: problem } };
  const record: DmarcRecord = {
    policy: 'none',
    pct: 100,
    adkim: 'r',
    aspf: 'r',
    fo: ['0'],
    rua: [],
    ruf: [],
    ignored: [],
    obsolete: [],
  };
  const policy: PolicyTags = { ruaValid: false };
  const seen = new Set(['v']);
  const semicolon = text.indexOf(';');
  // "p=reject;; rua=…" and a trailing ";" break nothing: receivers split on ";" and skip empties.
  const parts = semicolon < 0 ? [] : boundedItems(text.slice(semicolon + 1), ';', MAX_PARTS + 1);
  for (const [i, part] of parts.entries()) {
    if (i === MAX_PARTS) {
      ignorePart(record, part);
      break;
    }
    const tag = splitTag(part);
    if (!tag || !TAG_NAME.test(tag.name)) {
      ignorePart(record, part);
      continue;
    }
    const key = tag.name.toLowerCase();
    if (seen.has(key)) {
      if (KNOWN_TAGS.has(key)) ignorePart(record, part);
      continue;
    }
    seen.add(key);
    readTag(record, policy, key, tag, part);
  }
  return applyPolicy(record, policy);
}

function readTag(
  record: DmarcRecord,
  policy: PolicyTags,
  key: string,
  tag: { name: string; value: string },
  part: string,
): void {
  const value = tag.value;
  const lower = value.toLowerCase();
  const ignore = () => ignorePart(record, part);
  switch (key) {
    case 'p':
    case 'sp':
    case 'np':
      policy[key] = POLICIES.has(lower) ? { value: lower as DmarcPolicy, part } : { part };
      return;
    case 'adkim':
    case 'aspf':
      if (lower === 'r' || lower === 's') record[key] = lower;
      else ignore();
      return;
    case 't':
      if (lower === 'y' || lower === 'n') record.testing = lower === 'y';
      else ignore();
      return;
    case 'psd':
      if (lower === 'y' || lower === 'n' || lower === 'u') record.psd = lower;
      else ignore();
      return;
    case 'fo': {
      // RFC 7489 §6.4: a colon-separated list of 0, 1, d, s (RFC 9989 §4.7 keeps the colon list).
      const options = value.split(':', MAX_LIST_ITEMS + 1).map((o) => trimWsp(o).toLowerCase());
      if (options.length <= MAX_LIST_ITEMS && options.every((o) => FAILURE_OPTIONS.has(o)))
        record.fo = options;
      else ignore();
      return;
    }
    case 'pct':
      record.obsolete.push(part);
      // RFC 7489 §6.4: 1*3DIGIT, 0 to 100.
      if (/^[0-9]{1,3}$/.test(value) && Number(value) <= 100) record.pct = Number(value);
      else ignore();
      return;
    case 'ri':
      record.obsolete.push(part);
      // RFC 7489 §6.3: a 32-bit unsigned integer of seconds.
      if (!/^[0-9]{1,10}$/.test(value) || Number(value) > MAX_RI) ignore();
      return;
    case 'rf': {
      record.obsolete.push(part);
      // RFC 7489 §6.3: registered report formats only; "afrf" is the one there is.
      const formats = value.split(':', MAX_LIST_ITEMS + 1);
      if (formats.length > MAX_LIST_ITEMS || !formats.every((f) => trimWsp(f).toLowerCase() === 'afrf'))
        ignore();
      return;
    }
    case 'rua':
    case 'ruf': {
      const list = parseUriList(PRINTABLE.test(value) ? value : '');
      record[key] = list.usable;
      if (key === 'rua') policy.ruaValid = list.anyValid;
      if (list.usable.length === 0 && list.ignored.length === 0) ignore();
      for (const uri of list.ignored) ignorePart(record, `${tag.name}=${uri}`);
      return;
    }
    default:
      // RFC 9989 §4.7, RFC 7489 §6.3: unknown tags MUST be ignored.
      return;
  }
}

function ignorePart(record: DmarcRecord, part: string): void {
  if (record.ignored.length < MAX_IGNORED_PARTS) record.ignored.push(part);
}

/** RFC 7489 §6.6.3, RFC 9989 §4.10.1: the policy that applies, or the reason the record is discarded. */
function applyPolicy(record: DmarcRecord, policy: PolicyTags): DmarcParseResult {
  const unusable = [policy.p ?? { part: 'p=' }, policy.sp, policy.np].filter(
    (tag): tag is { value?: DmarcPolicy; part: string } => tag !== undefined && tag.value === undefined,
  );
  if (unusable.length > 0 && !policy.ruaValid) {
    const [first] = unusable;
    const error: DmarcSyntaxError = {
      code: policy.p === undefined ? 'missing-policy' : 'bad-value',
      part: first?.part ?? 'p=',
    };
    return record.psd ? { ok: false, error, psd: record.psd } : { ok: false, error };
  }
  if (unusable.length > 0) {
    record.fallback = true;
    record.ignored.unshift(...unusable.map((tag) => tag.part));
  }
  // On fallback, p is none; a valid sp=/np= still applies unless one of them caused the fallback.
  record.policy = unusable.length > 0 ? 'none' : (policy.p?.value ?? 'none');
  const keepSubdomains = !unusable.some((tag) => tag === policy.sp || tag === policy.np);
  if (keepSubdomains && policy.sp?.value) record.subdomainPolicy = policy.sp.value;
  if (keepSubdomains && policy.np?.value) record.nonexistentPolicy = policy.np.value;
  return { ok: true, record };
}
