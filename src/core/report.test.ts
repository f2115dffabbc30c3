import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../test/helpers/fake-resolver.ts';
import { bundledTranslator } from './i18n/bundled.ts';
import type { Bootstrap } from './rdap/index.ts';
import { buildReport, type ReportOptions } from './report.ts';
import type { DomainReport, FetchLike } from './types.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const RDAP_BASE = 'https://rdap.registry.example/';

const bootstrap: Bootstrap = {
  url: 'https://bootstrap.example/dns.json',
  baseUrlsFor: async () => ({ ok: true, urls: [RDAP_BASE], source: 'bootstrap', requests: 0 }),
};

/** The registry answers like a real one: 404 with an RFC 9083 error object, or HTTP 503. */
function registry(status: 404 | 503): FetchLike {
  return async () =>
    status === 404
      ? new Response(JSON.stringify({ errorCode: 404, title: 'Not Found' }), {
          status: 404,
          headers: { 'content-type': 'application/rdap+json' },
        })
      : new Response('<html>down</html>', { status: 503, headers: { 'content-type': 'text/html' } });
}

async function report(domain: string, fetch: FetchLike): Promise<DomainReport> {
  const options: ReportOptions = {
    dohUrl: 'https://doh.example/dns-query',
    rdapBootstrapUrl: bootstrap.url,
    fetch,
    now: () => NOW,
    translate: bundledTranslator('en'),
    timeoutMs: 1000,
    expiry: { warningDays: 30, criticalDays: 7 },
    // Nothing is in the zone: every name is NXDOMAIN.
    resolver: fakeResolver({}),
    bootstrap,
  };
  const outcome = await buildReport(domain, options);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

describe('buildReport for a domain that does not exist', () => {
  it('reports dns.nxdomain alone: the registry not knowing the name is no lookup failure', async () => {
    const r = await report('no-such-name.com', registry(404));
    expect(r.findings.map((f) => f.id)).toEqual(['dns.nxdomain']);
    expect(r.registration).toBeNull();
  });

  it('still reports a registry that could not answer at all', async () => {
    const r = await report('no-such-name.com', registry(503));
    expect(r.findings.map((f) => f.id)).toEqual(['dns.nxdomain', 'registration.lookup-failed']);
    expect(r.errors).toContainEqual(expect.objectContaining({ source: 'rdap' }));
  });
});

describe('buildReport in parts', () => {
  it('shows DNS and mail while the registry is still answering, then the same final report', async () => {
    let answer: () => void = () => undefined;
    const slowRegistry: FetchLike = (input, init) =>
      new Promise((resolve) => {
        answer = () => resolve(registry(404)(input, init));
      });
    const parts: import('./report.ts').ReportPart[] = [];
    const options: ReportOptions = {
      dohUrl: 'https://doh.example/dns-query',
      rdapBootstrapUrl: bootstrap.url,
      fetch: slowRegistry,
      now: () => NOW,
      translate: bundledTranslator('en'),
      timeoutMs: 1000,
      expiry: { warningDays: 30, criticalDays: 7 },
      resolver: fakeResolver({
        'shop.example': { MX: [{ preference: 10, exchange: 'aspmx.l.google.com' }] },
      }),
      bootstrap,
      onPart: (part) => {
        parts.push(part);
        answer();
      },
    };
    const outcome = await buildReport('shop.example', options);
    const last = parts.at(-1);
    expect(last?.pending).toEqual(['registration']);
    expect(last?.report.registration).toBeUndefined();
    expect(last?.report.mail.mx.map((m) => m.exchange)).toEqual(['aspmx.l.google.com']);
    expect(outcome.ok && outcome.report.checks.registration.state).toBe('absent');
  });

  it('shows the mail provider as soon as the MX is known, every DNS check still running', async () => {
    // Every question but the apex's MX, TXT and addresses (and the MX host's) waits until released.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const zone = fakeResolver({
      'shop.example': { MX: [{ preference: 10, exchange: 'aspmx.l.google.com' }] },
    });
    const routingQuestions = new Set([
      'shop.example MX',
      'shop.example TXT',
      'shop.example A',
      'shop.example AAAA',
    ]);
    const parts: import('./report.ts').ReportPart[] = [];
    const outcome = await buildReport('shop.example', {
      dohUrl: 'https://doh.example/dns-query',
      rdapBootstrapUrl: bootstrap.url,
      fetch: registry(404),
      now: () => NOW,
      translate: bundledTranslator('en'),
      timeoutMs: 1000,
      expiry: { warningDays: 30, criticalDays: 7 },
      resolver: {
        query: async (name, type, queryOptions) => {
          if (!routingQuestions.has(`${name} ${type}`) && !name.endsWith('google.com')) await held;
          return zone.query(name, type, queryOptions);
        },
      },
      bootstrap,
      onPart: (part) => {
        parts.push(part);
        release();
      },
    });
    const [first] = parts;
    expect(first?.report.mail.provider?.id).toBe('google-workspace');
    expect(first?.report.mail.mx.map((host) => host.exchange)).toEqual(['aspmx.l.google.com']);
    // Not judged before the domain's existence and its MX hosts' registration are known.
    expect(first?.report.checks.mx.state).toBe('unknown');
    expect(first?.pending).toEqual(expect.arrayContaining(['mx', 'spf', 'dmarc', 'dkim', 'nameservers']));
    expect(outcome.ok && outcome.report.mail.provider?.id).toBe('google-workspace');
    expect(parts.every((part) => part.pending.length > 0)).toBe(true);
  });
});
