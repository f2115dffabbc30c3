import { duplicateTag, parseTagList, versionProblem } from './tag-list.ts';

/**
 * DMARC policy records, RFC 7489 §6.3–§6.4. DMARCbis (draft-ietf-dmarc-dmarcbis) changes, accepted
 * here so that records written for it are not reported as broken:
 * - `pct` is removed in favour of `t=y|n` (testing mode); we still read `pct` (RFC 7489 receivers
 *   apply it) and read `t`.
 * - `np` (policy for non-existent subdomains) and `psd=y|n|u` (public suffix domain) are new.
 * - `rf` and `ri` are removed; still accepted, as unknown tags must be ignored (§6.3).
 * - Report URIs are mailto: only in DMARCbis; RFC 7489 allowed any URI but only mailto: is used in
 *   practice, so other schemes are reported as a syntax error.
 */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcReportUri {
  /** The URI as written, without the size limit. */
  uri: string;
  /** The address after "mailto:", lower case. */
  address: string;
  /** Host part of the address, lower case, no trailing dot. */
  host: string;
  /** `!50m` and the like, in bytes. */
  maxSize?: number;
}

export interface DmarcRecord {
  policy: DmarcPolicy;
  subdomainPolicy?: DmarcPolicy;
  nonexistentPolicy?: DmarcPolicy;
  pct: number;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  fo: string[];
  rua: DmarcReportUri[];
  ruf: DmarcReportUri[];
  testing?: boolean;
  psd?: 'y' | 'n' | 'u';
}

export type DmarcSyntaxErrorCode =
  | 'malformed'
  | 'version-not-first'
  | 'missing-policy'
  | 'bad-value'
  | 'bad-uri'
  | 'duplicate-tag';

export interface DmarcSyntaxError {
  code: DmarcSyntaxErrorCode;
  /** The offending part as written (`p=maybe`, `rua=http://x`), or the missing tag's name. */
  part: string;
}

export type DmarcParseResult = { ok: true; record: DmarcRecord } | { ok: false; error: DmarcSyntaxError };

const POLICIES = new Set(['none', 'quarantine', 'reject']);
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

export function parseDmarc(text: string): DmarcParseResult {
  const list = parseTagList(text);
  if (!list.ok) return fail('malformed', list.part.trim());
  // §6.4: v must be the first tag, with the exact value DMARC1.
  const problem = versionProblem(list.tags, 'DMARC1');
  if (problem) return fail('version-not-first', problem);
  const duplicate = duplicateTag(list.tags);
  if (duplicate) return fail('duplicate-tag', duplicate);
  const record: DmarcRecord = {
    policy: 'none',
    pct: 100,
    adkim: 'r',
    aspf: 'r',
    fo: ['0'],
    rua: [],
    ruf: [],
  };
  let hasPolicy = false;
  for (const { name, value } of list.tags.slice(1)) {
    const part = `${name}=${value}`;
    // Tag names are case-sensitive in the ABNF, but receivers accept any case in practice.
    switch (name.toLowerCase()) {
      case 'p':
      case 'sp':
      case 'np': {
        const policy = value.toLowerCase();
        if (!POLICIES.has(policy)) return fail('bad-value', part);
        const key =
          name.toLowerCase() === 'p'
            ? 'policy'
            : name.toLowerCase() === 'sp'
              ? 'subdomainPolicy'
              : 'nonexistentPolicy';
        record[key] = policy as DmarcPolicy;
        if (key === 'policy') hasPolicy = true;
        break;
      }
      case 'adkim':
      case 'aspf': {
        const mode = value.toLowerCase();
        if (mode !== 'r' && mode !== 's') return fail('bad-value', part);
        record[name.toLowerCase() as 'adkim' | 'aspf'] = mode;
        break;
      }
      case 'pct': {
        if (!/^[0-9]{1,3}$/.test(value) || Number(value) > 100) return fail('bad-value', part);
        record.pct = Number(value);
        break;
      }
      case 'fo': {
        const options = value.split(':').map((o) => o.trim().toLowerCase());
        if (!options.every((o) => ['0', '1', 'd', 's'].includes(o))) return fail('bad-value', part);
        record.fo = options;
        break;
      }
      case 't': {
        const t = value.toLowerCase();
        if (t !== 'y' && t !== 'n') return fail('bad-value', part);
        record.testing = t === 'y';
        break;
      }
      case 'psd': {
        const psd = value.toLowerCase();
        if (psd !== 'y' && psd !== 'n' && psd !== 'u') return fail('bad-value', part);
        record.psd = psd;
        break;
      }
      case 'ri': {
        if (!/^[0-9]{1,10}$/.test(value)) return fail('bad-value', part);
        break;
      }
      case 'rua':
      case 'ruf': {
        const uris = parseUris(value);
        if (!uris) return fail('bad-uri', part);
        record[name.toLowerCase() as 'rua' | 'ruf'] = uris;
        break;
      }
      default:
        // §6.3: unknown tags MUST be ignored.
        break;
    }
  }
  // §6.3: p is required in a policy record at the organizational domain, which is the only one we read.
  // (§6.6.3 lets receivers fall back to p=none when rua is valid, but the owner clearly meant a policy.)
  if (!hasPolicy) return fail('missing-policy', 'p');
  return { ok: true, record };
}

/** dmarc-uri *(*WSP "," *WSP dmarc-uri), dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]. */
function parseUris(value: string): DmarcReportUri[] | null {
  const uris: DmarcReportUri[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    const match = /^mailto:([^\s!@,;]+)@([^\s!@,;]+?)\.?(?:!([0-9]+)([kmgtKMGT]?))?$/i.exec(item);
    if (!match) return null;
    const [, local = '', rawHost = '', size, unit = ''] = match;
    const host = rawHost.toLowerCase();
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(host)) return null;
    const uri: DmarcReportUri = {
      uri: item.replace(/!.*$/, ''),
      address: `${decodeLocal(local)}@${host}`.toLowerCase(),
      host,
    };
    if (size !== undefined) uri.maxSize = Number(size) * (SIZE_UNITS[unit.toLowerCase()] ?? 1);
    uris.push(uri);
  }
  return uris;
}

/** Percent-encoded characters in the local part (RFC 6068), left alone when the encoding is broken. */
function decodeLocal(local: string): string {
  try {
    return decodeURIComponent(local);
  } catch {
    return local;
  }
}

function fail(code: DmarcSyntaxErrorCode, part: string): DmarcParseResult {
  return { ok: false, error: { code, part } };
}
