import type { Severity } from './types.ts';

/**
 * Every finding the core (and the CLI's --smtp) can emit: its id, its severity or severities and
 * when it is reported. The one catalogue: docs/checks.md is generated from it (`npm run docs`, with
 * the English "what to do" words of locales/en), and a test checks that every id the code emits
 * is here and has words in every language. Ids are a stable contract: never rename one.
 */
export interface CatalogueEntry {
  id: string;
  /** Every severity the finding can have. */
  severities: readonly Severity[];
  /** The severity in words, with what decides it when there are several. */
  severity: string;
  /** One line: when the finding is reported. */
  when: string;
}

export interface CatalogueSection {
  title: string;
  entries: readonly CatalogueEntry[];
}

export const FINDING_CATALOGUE: readonly CatalogueSection[] = [
  {
    title: 'Registration (RDAP)',
    entries: [
      {
        id: 'registration.expired',
        severities: ['critical'],
        severity: 'critical',
        when: 'the `expiration` event is in the past',
      },
      {
        id: 'registration.expires-soon',
        severities: ['critical', 'warning'],
        severity: 'critical \u2264 7 days, warning \u2264 30 days (setting)',
        when: 'days until `expiration`, while it is still in the future (after that: `registration.expired`)',
      },
      {
        id: 'registration.redemption',
        severities: ['critical'],
        severity: 'critical',
        when: 'status `redemption period` or `pending restore`',
      },
      {
        id: 'registration.pending-delete',
        severities: ['critical'],
        severity: 'critical',
        when: 'status `pending delete`',
      },
      {
        id: 'registration.on-hold',
        severities: ['critical'],
        severity: 'critical',
        when: 'status `client hold` or `server hold` (the registry removed it from DNS)',
      },
      {
        id: 'registration.no-transfer-lock',
        severities: ['warning'],
        severity: 'warning',
        when: 'gTLD and no `client transfer prohibited` / `server transfer prohibited`',
      },
      {
        id: 'registration.newly-registered',
        severities: ['warning', 'info'],
        severity: 'warning < 30 days, info < 180 days',
        when: '`registration` event age (a phishing signal for visitors, a reminder for owners)',
      },
      {
        id: 'registration.recently-changed',
        severities: ['info'],
        severity: 'info',
        when: '`last changed` within 7 days (watchlist: registrant or registrar may have changed)',
      },
      {
        id: 'registration.no-rdap',
        severities: ['info'],
        severity: 'info',
        when: "the TLD has no RDAP service in the IANA bootstrap: expiry is unknown, the user is pointed to the registry's own lookup and can enter the date by hand in the watchlist",
      },
      {
        id: 'registration.lookup-failed',
        severities: ['warning'],
        severity: 'warning',
        when: 'RDAP answered with an error, timed out, or returned something that is not RDAP',
      },
      {
        id: 'registration.no-expiry-published',
        severities: ['info'],
        severity: 'info',
        when: 'RDAP answered but publishes no `expiration` event',
      },
    ],
  },
  {
    title: 'DNS',
    entries: [
      {
        id: 'dns.nxdomain',
        severities: ['critical'],
        severity: 'critical',
        when: 'the registrable domain does not exist in DNS (NXDOMAIN on SOA/NS)',
      },
      {
        id: 'dns.dnssec-broken',
        severities: ['critical'],
        severity: 'critical',
        when: 'the resolver fails (SERVFAIL) without the CD bit and answers with it: validating resolvers cannot reach the domain',
      },
      {
        id: 'dns.single-nameserver',
        severities: ['warning'],
        severity: 'warning',
        when: 'fewer than two NS records',
      },
      {
        id: 'dns.nameservers-single-provider',
        severities: ['info'],
        severity: 'info',
        when: 'all NS hosts sit under one registrable domain',
      },
      {
        id: 'dns.dnssec-unsigned',
        severities: ['info'],
        severity: 'info',
        when: 'no DS at the parent / answers are not authenticated (AD=0)',
      },
      {
        id: 'dns.lookup-failed',
        severities: ['warning'],
        severity: 'warning',
        when: 'the DoH resolver errored or timed out for a query the report needs',
      },
      {
        id: 'dns.resolver-unreachable',
        severities: ['warning'],
        severity: 'warning',
        when: "the resolver itself failed: none of the domain's basic questions (SOA, NS, MX) got an answer. Replaces `dns.lookup-failed` for that report; names the resolver; the fix points to the settings, not to the domain",
      },
      {
        id: 'dns.ns-unregistered',
        severities: ['critical'],
        severity: 'critical',
        when: "a name server host's registrable domain does not exist (NXDOMAIN): whoever registers it controls the domain's DNS",
      },
    ],
  },
  {
    title: 'Mail: routing',
    entries: [
      {
        id: 'mail.no-mx',
        severities: ['warning'],
        severity: 'warning',
        when: 'no MX records and no null MX: senders fall back to the A record, which is rarely a mail server',
      },
      {
        id: 'mail.null-mx',
        severities: ['info'],
        severity: 'info',
        when: 'a single MX `0 .` (RFC 7505): the domain says it accepts no mail',
      },
      {
        id: 'mail.mx-unresolvable',
        severities: ['critical', 'warning'],
        severity: 'critical if no MX host resolves, warning if some do not',
        when: 'an MX host has no A and no AAAA (dangling MX)',
      },
      {
        id: 'mail.mx-is-cname',
        severities: ['warning'],
        severity: 'warning',
        when: 'an MX target is a CNAME (RFC 2181 \u00a710.3)',
      },
      {
        id: 'mail.mx-is-ip',
        severities: ['warning'],
        severity: 'warning',
        when: 'an MX target is an IP literal',
      },
      {
        id: 'mail.single-point-of-failure',
        severities: ['warning'],
        severity: 'warning',
        when: 'every MX host resolves to one single IP address and the provider is not a known high-availability service',
      },
      {
        id: 'mail.shared-with-web',
        severities: ['info'],
        severity: 'info',
        when: 'the MX hosts resolve to the same address as the website (mail on the web host)',
      },
      {
        id: 'mail.mx-unregistered',
        severities: ['critical'],
        severity: 'critical',
        when: "an MX host's registrable domain does not exist (NXDOMAIN): whoever registers it receives the domain's mail",
      },
    ],
  },
  {
    title: 'Mail: authentication and transport security',
    entries: [
      {
        id: 'spf.missing',
        severities: ['warning'],
        severity: 'warning',
        when: 'no `v=spf1` TXT record at the domain',
      },
      {
        id: 'spf.multiple',
        severities: ['critical'],
        severity: 'critical',
        when: 'more than one `v=spf1` record (permerror, RFC 7208 \u00a74.5)',
      },
      {
        id: 'spf.syntax',
        severities: ['critical'],
        severity: 'critical',
        when: 'an unknown mechanism/modifier or malformed term (permerror)',
      },
      {
        id: 'spf.too-many-lookups',
        severities: ['critical'],
        severity: 'critical',
        when: 'more than 10 DNS-querying terms after expanding includes and redirects (RFC 7208 \u00a74.6.4); the detail lists the count and the chain',
      },
      {
        id: 'spf.void-lookups',
        severities: ['warning'],
        severity: 'warning',
        when: 'more than 2 lookups that return no answer / NXDOMAIN (RFC 7208 \u00a74.6.4)',
      },
      {
        id: 'spf.include-broken',
        severities: ['critical'],
        severity: 'critical',
        when: 'an `include:` or `redirect=` target has no SPF record or does not resolve',
      },
      {
        id: 'spf.pass-all',
        severities: ['critical'],
        severity: 'critical',
        when: 'anyone may send as the domain: `+all`, `ip4:0.0.0.0/0`, `ip6:::/0`, or an `exists:` with a fixed (macro-free) name that resolves, anywhere in the evaluated tree',
      },
      {
        id: 'spf.neutral-all',
        severities: ['warning'],
        severity: 'warning',
        when: '`?all`, or no `all` and no `redirect`',
      },
      {
        id: 'spf.ptr',
        severities: ['warning'],
        severity: 'warning',
        when: 'uses the `ptr` mechanism (RFC 7208 \u00a75.5: do not use)',
      },
      {
        id: 'spf.include-unregistered',
        severities: ['critical'],
        severity: 'critical',
        when: "an `include:`/`redirect=` target's registrable domain does not exist (NXDOMAIN): whoever registers it can send mail as the domain",
      },
      {
        id: 'spf.record-too-long',
        severities: ['warning'],
        severity: 'warning',
        when: 'the record is longer than 450 octets (RFC 7208 \u00a73.4: answers may no longer fit in one UDP packet)',
      },
      {
        id: 'dmarc.missing',
        severities: ['warning'],
        severity: 'warning',
        when: 'no `v=DMARC1` record at `_dmarc.<domain>`',
      },
      {
        id: 'dmarc.multiple',
        severities: ['critical'],
        severity: 'critical',
        when: 'more than one DMARC record (ignored by receivers)',
      },
      {
        id: 'dmarc.syntax',
        severities: ['critical'],
        severity: 'critical',
        when: 'receivers discard the record: it does not start with `v=DMARC1`, or it has no usable `p=` and no valid `rua=` (RFC 7489 \u00a76.6.3)',
      },
      {
        id: 'dmarc.tag-invalid',
        severities: ['warning'],
        severity: 'warning',
        when: 'a tag has a value receivers ignore (e.g. `pct=150`, `ri=abc`, `fo=x`, `adkim=bob`, an unusable `rua`/`ruf` URI, `p=` missing with a valid `rua=`): the rest of the record still applies (RFC 7489 \u00a76.3, RFC 9989)',
      },
      {
        id: 'dmarc.subdomain-policy-none',
        severities: ['warning'],
        severity: 'warning',
        when: '`p=quarantine`/`reject` but `sp=none` (or `np=none`): mail forged from subdomains is still delivered',
      },
      {
        id: 'dmarc.obsolete-tags',
        severities: ['info'],
        severity: 'info',
        when: '`pct`, `rf` or `ri`: removed by DMARCbis (RFC 9989); receivers that follow it ignore them',
      },
      {
        id: 'dmarc.policy-none',
        severities: ['warning'],
        severity: 'warning',
        when: '`p=none`: spoofed mail is still delivered',
      },
      {
        id: 'dmarc.testing',
        severities: ['warning', 'info'],
        severity:
          'warning when `p=quarantine` (it then acts as none), info when `p=reject` (it acts as quarantine)',
        when: '`t=y` (RFC 9989 testing mode) on a quarantine or reject policy: receivers that follow RFC 9989 apply the policy one level lower',
      },
      {
        id: 'dmarc.partial',
        severities: ['info'],
        severity: 'info',
        when: '`pct` below 100',
      },
      {
        id: 'dmarc.no-reports',
        severities: ['info'],
        severity: 'info',
        when: 'no `rua=`: the owner never sees who sends as them',
      },
      {
        id: 'dmarc.external-reports-unauthorized',
        severities: ['warning'],
        severity: 'warning',
        when: 'a `rua`/`ruf` address in another domain lacks the `<domain>._report._dmarc.<other>` authorisation record (RFC 7489 \u00a77.1)',
      },
      {
        id: 'mta-sts.missing',
        severities: ['info'],
        severity: 'info',
        when: 'no `_mta-sts` TXT record',
      },
      {
        id: 'mta-sts.policy-unreachable',
        severities: ['warning'],
        severity: 'warning',
        when: 'the TXT record exists but `https://mta-sts.<domain>/.well-known/mta-sts.txt` cannot be fetched or parsed',
      },
      {
        id: 'mta-sts.mx-mismatch',
        severities: ['critical', 'warning'],
        severity: 'critical in `enforce` mode, warning in `testing`',
        when: "an MX host is not covered by the policy's `mx:` patterns: senders that honour MTA-STS refuse to deliver",
      },
      {
        id: 'tls-rpt.missing',
        severities: ['info'],
        severity: 'info',
        when: 'no `_smtp._tls` TLS-RPT record',
      },
      {
        id: 'tls-rpt.syntax',
        severities: ['warning'],
        severity: 'warning',
        when: 'the `_smtp._tls` record cannot be used (RFC 8460 §3): more than one `v=TLSRPTv1` record, or one that does not parse (a malformed tag list, a repeated tag, no `rua=`, or an address that is not `mailto:` or `https:`): no reports are sent',
      },
      {
        id: 'dmarc.report-domain-unregistered',
        severities: ['warning'],
        severity: 'warning',
        when: "a `rua`/`ruf` address's domain does not exist (NXDOMAIN): reports are lost, or read by whoever registers it",
      },
      {
        id: 'dkim.not-found',
        severities: ['info'],
        severity: 'info',
        when: 'none of the known selectors (for the detected provider first, then common ones) has a DKIM key',
      },
      {
        id: 'bimi.present',
        severities: ['info'],
        severity: 'info',
        when: 'a BIMI record exists (shown, not judged)',
      },
    ],
  },
  {
    title: 'Provider status and mail servers',
    entries: [
      {
        id: 'provider.incident',
        severities: ['warning'],
        severity: 'warning',
        when: 'the detected mailbox provider or gateway reports, in its own public status feed, an ongoing incident or a degraded component that affects mail; the detail names the incident, since when, and links it',
      },
      {
        id: 'smtp.unreachable',
        severities: ['critical', 'warning'],
        severity: 'critical if no MX host accepts a connection, warning if some do not',
        when: '(CLI `--smtp`) an MX host does not answer on port 25 with a 220 greeting within the timeout',
      },
      {
        id: 'smtp.no-starttls',
        severities: ['warning'],
        severity: 'warning',
        when: '(CLI `--smtp`) an MX host does not offer STARTTLS',
      },
      {
        id: 'smtp.certificate-invalid',
        severities: ['critical', 'warning'],
        severity: 'warning; critical when MTA-STS is in `enforce` mode',
        when: '(CLI `--smtp`) the certificate an MX host presents after STARTTLS is expired, not yet valid, untrusted, or does not name the host',
      },
      {
        id: 'smtp.certificate-expires-soon',
        severities: ['warning'],
        severity: 'warning',
        when: '(CLI `--smtp`) it expires within 14 days',
      },
    ],
  },
];

/** Every catalogue entry, in the catalogue's order. */
export const FINDING_ENTRIES: readonly CatalogueEntry[] = FINDING_CATALOGUE.flatMap(
  (section) => section.entries,
);
