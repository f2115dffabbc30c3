import type { DnsResult, Resolver } from '../dns/types.ts';
import {
  type CheckState,
  emptyMailReport,
  type FetchLike,
  type FindingSpec,
  type MailReport,
  type ReportError,
} from '../types.ts';
import { evaluateBimi } from './bimi.ts';
import { askDomainKeyParent, evaluateDkim } from './dkim.ts';
import { evaluateDmarc } from './dmarc.ts';
import { txtStrings } from './dns-answers.ts';
import { evaluateMtaSts } from './mta-sts.ts';
import { analyzeRouting, type RoutingAnalysis } from './routing.ts';
import { evaluateSpf, isParked, isSpfRecord } from './spf.ts';
import { evaluateTlsRpt } from './tls-rpt.ts';

export type MailCheckId = 'mx' | 'spf' | 'dmarc' | 'mta-sts' | 'tls-rpt' | 'dkim' | 'bimi';

export interface MailAnalysis {
  mail: MailReport;
  findings: FindingSpec[];
  errors: ReportError[];
  /** What each mail check could say (docs/report.md states); the composer adds `not-applicable` for NXDOMAIN. */
  states: Record<MailCheckId, CheckState>;
  parked: boolean;
}

/** The findings that mean "none published": any other finding of the check means it was found. */
const MISSING_FINDINGS = new Set([
  'mail.no-mx',
  'spf.missing',
  'dmarc.missing',
  'mta-sts.missing',
  'tls-rpt.missing',
  'dkim.not-found',
]);

/**
 * A check is `unknown` when a DNS question it needs went unanswered (a record it shows may still be
 * there, but its judgement is not whole); `found` when it has a value or a finding of its own other
 * than "missing"; `absent` only when every answer said there is none.
 */
function stateOf(
  part: { findings: FindingSpec[]; errors: ReportError[] },
  prefix: string,
  hasValue: boolean,
): CheckState {
  if (part.errors.some((e) => e.source === 'dns')) return 'unknown';
  if (hasValue) return 'found';
  const own = part.findings.filter((f) => f.id.startsWith(prefix));
  return own.some((f) => !MISSING_FINDINGS.has(f.id)) ? 'found' : 'absent';
}

/** Findings that only mean something for a domain that sends or receives mail (docs/checks.md: parked domains). */
const NOT_FOR_PARKED = new Set(['dkim.not-found', 'mta-sts.missing', 'tls-rpt.missing', 'bimi.present']);

/**
 * Every mail check of one domain, started as early as its inputs allow: the apex TXT, MX, DMARC,
 * TLS-RPT and BIMI questions go out together; MTA-STS coverage waits only for the MX answer and DKIM
 * only for the provider (which picks the selectors). The resolver shares in-flight questions, so the
 * MX asked here and in the routing module is one request.
 */
export async function analyzeMail(
  domain: string,
  resolver: Resolver,
  fetch: FetchLike,
  options: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    /**
     * Told as soon as the routing (MX, provider, gateway) is known: two round trips, where the rest
     * (DKIM selectors, SPF includes, the MTA-STS policy over HTTPS) takes more.
     */
    onRouting?: (routing: MailAnalysis) => void;
  },
): Promise<MailAnalysis> {
  const apexTxt: Promise<DnsResult> = resolver.query(domain, 'TXT');
  const mxAnswer: Promise<DnsResult> = resolver.query(domain, 'MX');
  const mxHosts = mxAnswer.then((answer) =>
    answer.ok
      ? answer.records.flatMap((r) =>
          typeof r.data === 'object' && 'exchange' in r.data ? [r.data.exchange] : [],
        )
      : [],
  );

  const domainKey = askDomainKeyParent(domain, resolver);
  // Known from the first answers (MX and apex TXT): the checks that mean nothing for a parked domain
  // are then not asked at all. None of them loses a round trip by waiting: MTA-STS and DKIM wait for
  // the MX answer anyway, and TLS-RPT and BIMI, asked one round trip later, still answer before them.
  const parkedEarly = Promise.all([mxAnswer, apexTxt]).then(([mx, txt]) => isParkedByAnswers(mx, txt));
  const unlessParked = <T>(none: T, run: () => Promise<T>): Promise<T> =>
    parkedEarly.then((parked) => (parked ? none : run()));

  const routing = analyzeRouting(domain, resolver, { txt: apexTxt, mx: mxAnswer });
  const { onRouting } = options;
  if (onRouting) void routing.then((r) => onRouting(routingOnly(r)));
  const spf = apexTxt.then((txt) => evaluateSpf(domain, resolver, txt));
  const dmarc = evaluateDmarc(domain, resolver);
  const tlsRpt = unlessParked({ tlsRpt: null, findings: [], errors: [] }, () =>
    evaluateTlsRpt(domain, resolver),
  );
  const bimi = unlessParked({ bimi: null, findings: [], errors: [] }, () => evaluateBimi(domain, resolver));
  const mtaSts = unlessParked({ mtaSts: null, findings: [], errors: [] }, async () =>
    evaluateMtaSts(
      domain,
      resolver,
      fetch,
      (await mxHosts).filter((h) => h !== ''),
      options,
    ),
  );
  const dkim = unlessParked({ dkim: [], checkedSelectors: [], findings: [], errors: [] }, async () =>
    evaluateDkim(domain, resolver, (await routing).dkimSelectors, domainKey),
  );

  const [r, s, d, t, b, m, k] = await Promise.all([routing, spf, dmarc, tlsRpt, bimi, mtaSts, dkim]);
  const parked = isParked(r.acceptsMail, s.spf);
  const findings = [r, s, d, t, b, m, k]
    .flatMap((part) => part.findings)
    .filter((f) => !(parked && NOT_FOR_PARKED.has(f.id)));
  const errors = [r, s, d, t, b, m, k].flatMap((part) => part.errors);

  const states: Record<MailCheckId, CheckState> = {
    mx: mxState(domain, r),
    spf: stateOf(s, 'spf.', s.spf !== null),
    dmarc: stateOf(d, 'dmarc.', d.dmarc !== null),
    'mta-sts': parked ? 'not-applicable' : stateOf(m, 'mta-sts.', m.mtaSts !== null),
    'tls-rpt': parked ? 'not-applicable' : stateOf(t, 'tls-rpt.', t.tlsRpt !== null),
    dkim: parked
      ? 'not-applicable'
      : stateOf(
          k,
          'dkim.',
          k.dkim.some((key) => key.found),
        ),
    bimi: parked ? 'not-applicable' : stateOf(b, 'bimi.', b.bimi !== null),
  };

  return {
    states,
    parked,
    mail: {
      acceptsMail: r.acceptsMail,
      mx: r.mx,
      provider: r.provider,
      gateway: r.gateway,
      spf: s.spf,
      dmarc: d.dmarc,
      mtaSts: m.mtaSts,
      tlsRpt: t.tlsRpt,
      dkim: k.dkim,
      bimi: b.bimi,
    },
    findings,
    errors,
  };
}

function mxState(domain: string, r: RoutingAnalysis): CheckState {
  // The apex's own addresses are asked for the implicit MX (RFC 5321 §5.1); they are no MX answer.
  const mxErrors = r.errors.filter((e) => e.query !== `${domain} A` && e.query !== `${domain} AAAA`);
  return stateOf({ ...r, errors: mxErrors }, 'mail.', r.mx.length > 0 || !r.acceptsMail);
}

/**
 * The mail analysis with only the routing in: the MX hosts, provider and gateway, as data. Every
 * mail check, MX included, stays `unknown` (running), and no finding or error is said yet: whether
 * the domain exists and whether its MX hosts' domains are registered are still being asked, and an
 * MX judged before them could read as passing, or a no-MX warning show for a domain that does not
 * exist. The complete analysis says all of it.
 */
function routingOnly(r: RoutingAnalysis): MailAnalysis {
  const mail = emptyMailReport();
  return {
    mail: { ...mail, acceptsMail: r.acceptsMail, mx: r.mx, provider: r.provider, gateway: r.gateway },
    findings: [],
    errors: [],
    states: { ...UNKNOWN_MAIL_STATES },
    parked: false,
  };
}

/** Every mail check still running (or never run): none can say anything yet. */
export const UNKNOWN_MAIL_STATES: Readonly<Record<MailCheckId, CheckState>> = {
  mx: 'unknown',
  spf: 'unknown',
  dmarc: 'unknown',
  'mta-sts': 'unknown',
  'tls-rpt': 'unknown',
  dkim: 'unknown',
  bimi: 'unknown',
};

/**
 * The parked test of checks.md (null MX, RFC 7505 §3, and exactly `v=spf1 -all`) on the raw MX and
 * apex TXT answers, as {@link isParked} judges it later from the checks' results.
 */
function isParkedByAnswers(mx: DnsResult, txt: DnsResult): boolean {
  if (!mx.ok || !txt.ok || mx.records.length !== 1) return false;
  const only = mx.records[0]?.data;
  const nullMx =
    typeof only === 'object' && 'exchange' in only && only.exchange === '' && only.preference === 0;
  const spf = txtStrings(txt).filter(isSpfRecord);
  const record = spf[0];
  return (
    nullMx && spf.length === 1 && record !== undefined && isParked(false, { record, lookups: 0, all: '-all' })
  );
}
