import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FakeZoneEntry, fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import {
  GOOGLE_MTA_STS_POLICY,
  GOOGLE_MX_HOSTS,
  googleWorkspaceZone,
} from '../../../test/helpers/mail-zones.ts';
import type { FetchLike } from '../types.ts';
import { evaluateMtaSts, mxMatchesPattern, parseMtaStsPolicy, parseMtaStsTxt } from './mta-sts.ts';

const POLICY_URL = 'https://mta-sts.example.com/.well-known/mta-sts.txt';
const OPTIONS = { timeoutMs: 200 };

/** A fetch that serves one policy URL; everything else is a network error, like an unknown host. */
function serving(
  body: BodyInit | null,
  init: ResponseInit = {},
): FetchLike & { calls: { url: string; init?: RequestInit }[] } {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch = async (url: string, requestInit?: RequestInit) => {
    calls.push({ url, init: requestInit });
    if (url !== POLICY_URL) throw new TypeError('fetch failed');
    return new Response(body, { status: 200, headers: { 'content-type': 'text/plain' }, ...init });
  };
  return Object.assign(fetch, { calls });
}

function policyOf(mode: string, mx: string[]): string {
  return ['version: STSv1', `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), 'max_age: 604800', ''].join(
    '\r\n',
  );
}

function zone(extra: Record<string, FakeZoneEntry> = {}) {
  return fakeResolver({ ...googleWorkspaceZone(), ...extra });
}

describe('parseMtaStsPolicy', () => {
  it('reads version, mode, mx patterns and max_age', () => {
    expect(parseMtaStsPolicy(GOOGLE_MTA_STS_POLICY)).toEqual({
      ok: true,
      policy: { mode: 'enforce', mx: ['aspmx.l.google.com', '*.aspmx.l.google.com'], maxAge: 86400 },
    });
  });

  it('accepts LF line ends, fields in any order and unknown fields', () => {
    const result = parseMtaStsPolicy(
      'mode: testing\nmx: mail.example.com\nversion: STSv1\nmax_age:86400\nfuture: x\n',
    );
    expect(result).toMatchObject({ ok: true, policy: { mode: 'testing', mx: ['mail.example.com'] } });
  });

  it('lets a none policy go without mx lines', () => {
    expect(parseMtaStsPolicy('version: STSv1\nmode: none\nmax_age: 86400\n').ok).toBe(true);
  });

  it('names what is missing or wrong', () => {
    const cases: [string, string][] = [
      ['mode: enforce\nmx: a.example.com\nmax_age: 1\n', 'missing-version'],
      ['version: STSv2\nmode: enforce\nmx: a.example.com\nmax_age: 1\n', 'bad-version'],
      ['version: STSv1\nmode: strict\nmx: a.example.com\nmax_age: 1\n', 'bad-mode'],
      ['version: STSv1\nmx: a.example.com\nmax_age: 1\n', 'missing-mode'],
      ['version: STSv1\nmode: enforce\nmx: a.example.com\n', 'missing-max-age'],
      ['version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557601\n', 'bad-max-age'],
      ['version: STSv1\nmode: enforce\nmax_age: 86400\n', 'missing-mx'],
      ['version: STSv1\nmode: enforce\nmx: *.*.example.com\nmax_age: 86400\n', 'bad-mx'],
      ['version: STSv1\nmode: enforce\nmode: testing\nmx: a.example.com\nmax_age: 1\n', 'duplicate-field'],
      ['<html><body>Not found</body></html>', 'malformed-line'],
    ];
    for (const [text, code] of cases)
      expect(parseMtaStsPolicy(text)).toMatchObject({ ok: false, error: { code } });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseMtaStsPolicy(text).ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'version: STSv1',
            'mode:',
            ' enforce',
            '\r\n',
            '\n',
            'mx: ',
            '*.',
            'x.com',
            'max_age: ',
            '9',
          ),
        ),
        (parts) => {
          expect(typeof parseMtaStsPolicy(parts.join('')).ok).toBe('boolean');
        },
      ),
    );
  });
});

describe('parseMtaStsTxt', () => {
  it('reads the policy id', () => {
    expect(parseMtaStsTxt('v=STSv1; id=20240101T000000;')).toEqual({
      ok: true,
      record: { id: '20240101T000000' },
    });
  });

  it('rejects a missing or malformed id', () => {
    expect(parseMtaStsTxt('v=STSv1;')).toEqual({ ok: false, part: 'id' });
    expect(parseMtaStsTxt('v=STSv1; id=2024-01-01')).toEqual({ ok: false, part: 'id=2024-01-01' });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseMtaStsTxt(text).ok).toBe('boolean');
      }),
    );
  });
});

describe('mxMatchesPattern (RFC 8461 §4.1)', () => {
  it('matches a plain pattern exactly, ignoring case and the trailing dot', () => {
    expect(mxMatchesPattern('MX1.Example.com.', 'mx1.example.com')).toBe(true);
    expect(mxMatchesPattern('mx2.example.com', 'mx1.example.com')).toBe(false);
  });

  it('lets a wildcard match exactly one extra leftmost label', () => {
    expect(mxMatchesPattern('alt1.aspmx.l.google.com', '*.aspmx.l.google.com')).toBe(true);
    expect(mxMatchesPattern('aspmx.l.google.com', '*.aspmx.l.google.com')).toBe(false);
    expect(mxMatchesPattern('a.alt1.aspmx.l.google.com', '*.aspmx.l.google.com')).toBe(false);
    expect(mxMatchesPattern('evilaspmx.l.google.com', '*.aspmx.l.google.com')).toBe(false);
  });
});

describe('evaluateMtaSts', () => {
  it('blames the domain for nothing when the report is cancelled while the policy is fetched', async () => {
    const controller = new AbortController();
    // The policy host answers only after the report has been cancelled.
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        controller.abort();
      });
    const result = await evaluateMtaSts('example.com', zone(), fetch, GOOGLE_MX_HOSTS, {
      ...OPTIONS,
      signal: controller.signal,
    });
    expect(result.findings).toEqual([]);
    expect(result.mtaSts).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ source: 'mta-sts', query: POLICY_URL })]);
  });

  it('reports nothing when an enforce policy covers every MX host', async () => {
    const fetch = serving(GOOGLE_MTA_STS_POLICY);
    const result = await evaluateMtaSts('example.com', zone(), fetch, GOOGLE_MX_HOSTS, OPTIONS);
    expect(result).toEqual({
      mtaSts: {
        mode: 'enforce',
        mx: ['aspmx.l.google.com', '*.aspmx.l.google.com'],
        maxAge: 86400,
        id: '20240101T000000',
      },
      findings: [],
      errors: [],
    });
  });

  it('asks for the policy without following redirects (§3.3)', async () => {
    const fetch = serving(GOOGLE_MTA_STS_POLICY);
    await evaluateMtaSts('example.com', zone(), fetch, GOOGLE_MX_HOSTS, OPTIONS);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.url).toBe(POLICY_URL);
    expect(fetch.calls[0]?.init?.redirect).toBe('manual');
  });

  it('reports mta-sts.missing without a TXT record, and fetches nothing', async () => {
    const fetch = serving(GOOGLE_MTA_STS_POLICY);
    const result = await evaluateMtaSts(
      'example.com',
      zone({ '_mta-sts.example.com': {} }),
      fetch,
      GOOGLE_MX_HOSTS,
      OPTIONS,
    );
    expect(result.findings).toEqual([{ id: 'mta-sts.missing', severity: 'info', args: ['example.com'] }]);
    expect(fetch.calls).toHaveLength(0);
  });

  it('reports a failed TXT query as an error, not as missing', async () => {
    const resolver = zone({ '_mta-sts.example.com': { fail: { reason: 'timeout' } } });
    const result = await evaluateMtaSts('example.com', resolver, serving(''), GOOGLE_MX_HOSTS, OPTIONS);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([
      { source: 'dns', code: 'timeout', message: 'timeout (fake)', query: '_mta-sts.example.com TXT' },
    ]);
  });

  it('reports an invalid TXT record as an unusable policy', async () => {
    const resolver = zone({ '_mta-sts.example.com': { TXT: ['v=STSv1; id=not valid!'] } });
    const result = await evaluateMtaSts(
      'example.com',
      resolver,
      serving(GOOGLE_MTA_STS_POLICY),
      GOOGLE_MX_HOSTS,
      OPTIONS,
    );
    expect(result.findings).toEqual([
      {
        id: 'mta-sts.policy-unreachable',
        severity: 'warning',
        args: [POLICY_URL, '_mta-sts.example.com TXT: v=STSv1; id=not valid!'],
      },
    ]);
  });

  async function unreachableReason(fetch: FetchLike) {
    const result = await evaluateMtaSts('example.com', zone(), fetch, GOOGLE_MX_HOSTS, OPTIONS);
    expect(result.mtaSts).toBeNull();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ id: 'mta-sts.policy-unreachable', severity: 'warning' });
    expect(result.findings[0]?.args?.[0]).toBe(POLICY_URL);
    return { reason: result.findings[0]?.args?.[1], errors: result.errors };
  }

  it('reports a 404 with the status, also as an mta-sts error', async () => {
    const { reason, errors } = await unreachableReason(serving('Not found', { status: 404 }));
    expect(reason).toBe('HTTP 404');
    expect(errors).toEqual([
      { source: 'mta-sts', code: 'http-status', message: 'HTTP 404', query: POLICY_URL },
    ]);
  });

  it('reports a timeout', async () => {
    const hanging: FetchLike = () => new Promise(() => undefined);
    const { reason, errors } = await unreachableReason(hanging);
    expect(reason).toBe('timeout (200 ms)');
    expect(errors[0]?.source).toBe('mta-sts');
  });

  it('aborts the request when it times out', async () => {
    let signal: AbortSignal | undefined;
    const hanging: FetchLike = (_url, init) => {
      signal = init?.signal ?? undefined;
      return new Promise(() => undefined);
    };
    await unreachableReason(hanging);
    expect(signal?.aborted).toBe(true);
  });

  it('reports a TLS or network error with its cause', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: new Error('certificate has expired') });
    };
    const { reason } = await unreachableReason(failing);
    expect(reason).toBe('fetch failed (certificate has expired)');
  });

  it('reports an HTML page served instead of the policy', async () => {
    const { reason, errors } = await unreachableReason(
      serving('<!doctype html><title>Welcome</title>', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      }),
    );
    expect(reason).toBe('Content-Type: text/html; charset=utf-8');
    expect(errors).toEqual([]);
  });

  it('reports a policy served with a wrong content type', async () => {
    const { reason } = await unreachableReason(
      serving(GOOGLE_MTA_STS_POLICY, { headers: { 'content-type': 'application/octet-stream' } }),
    );
    expect(reason).toBe('Content-Type: application/octet-stream');
  });

  it('accepts text/plain with parameters', async () => {
    const fetch = serving(GOOGLE_MTA_STS_POLICY, {
      headers: { 'content-type': 'Text/Plain; charset=utf-8' },
    });
    const result = await evaluateMtaSts('example.com', zone(), fetch, GOOGLE_MX_HOSTS, OPTIONS);
    expect(result.findings).toEqual([]);
  });

  it('reports a redirect instead of following it', async () => {
    const { reason } = await unreachableReason(
      serving(null, { status: 301, headers: { location: 'https://www.example.com/' } }),
    );
    expect(reason).toBe('HTTP 301 → https://www.example.com/');
  });

  it('reports the opaque redirect a browser hands back for redirect: manual', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers() } as Response;
    const { reason } = await unreachableReason(async () => opaque);
    expect(reason).toBe('HTTP 3xx → ?');
  });

  it('reports a policy larger than 64 KiB, without trusting Content-Length', async () => {
    const big = `${GOOGLE_MTA_STS_POLICY}${'# padding\r\n'.repeat(7000)}`;
    const stream = new Blob([big]).stream();
    const { reason } = await unreachableReason(serving(stream));
    expect(reason).toBe('> 65536 bytes');
  });

  it('refuses a declared Content-Length over 64 KiB before reading', async () => {
    const { reason } = await unreachableReason(
      serving('x', { headers: { 'content-type': 'text/plain', 'content-length': '1000000' } }),
    );
    expect(reason).toBe('> 65536 bytes');
  });

  it('reports a policy that does not parse, naming the problem', async () => {
    const { reason } = await unreachableReason(
      serving('version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\n'),
    );
    expect(reason).toBe('missing-mx: mx');
  });

  it('reports uncovered MX hosts as critical in enforce mode, naming hosts and patterns', async () => {
    const fetch = serving(policyOf('enforce', ['mx1.example.com', '*.mail.example.net']));
    const mx = ['mx1.example.com', 'MX2.example.com.', 'a.mail.example.net', 'mail.example.net'];
    const result = await evaluateMtaSts('example.com', zone(), fetch, mx, OPTIONS);
    expect(result.findings).toEqual([
      {
        id: 'mta-sts.mx-mismatch',
        severity: 'critical',
        args: ['mail.example.net, mx2.example.com', 'mx1.example.com, *.mail.example.net', 'enforce'],
      },
    ]);
  });

  it('lists uncovered MX hosts sorted, whatever order the MX answer came in', async () => {
    const fetch = serving(policyOf('enforce', ['mx1.example.com']));
    const hosts = ['mx9.example.com', 'mx3.example.com', 'mx5.example.com'];
    const forward = await evaluateMtaSts('example.com', zone(), fetch, hosts, OPTIONS);
    const backward = await evaluateMtaSts('example.com', zone(), fetch, [...hosts].reverse(), OPTIONS);
    expect(forward.findings[0]?.args?.[0]).toBe('mx3.example.com, mx5.example.com, mx9.example.com');
    expect(backward.findings).toEqual(forward.findings);
  });

  it('reports uncovered MX hosts as a warning in testing mode', async () => {
    const fetch = serving(policyOf('testing', ['mx1.example.com']));
    const result = await evaluateMtaSts('example.com', zone(), fetch, ['mx9.example.com'], OPTIONS);
    expect(result.findings).toEqual([
      {
        id: 'mta-sts.mx-mismatch',
        severity: 'warning',
        args: ['mx9.example.com', 'mx1.example.com', 'testing'],
      },
    ]);
  });

  it('does not judge coverage in none mode or for a null MX', async () => {
    const none = await evaluateMtaSts(
      'example.com',
      zone(),
      serving(policyOf('none', [])),
      ['mx.example.com'],
      OPTIONS,
    );
    expect(none.findings).toEqual([]);
    const nullMx = await evaluateMtaSts(
      'example.com',
      zone(),
      serving(policyOf('enforce', ['mx.example.com'])),
      [''],
      OPTIONS,
    );
    expect(nullMx.findings).toEqual([]);
  });
});
