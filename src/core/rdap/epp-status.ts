/**
 * RDAP status strings (RFC 9083 §10.2.2 and the EPP mapping of RFC 8056 §2) with the EPP code they
 * stand for, the message key of a plain-words explanation (locales/<lang>/registration.json) and
 * ICANN's page for the code. ICANN documents only the domain EPP codes at https://icann.org/epp,
 * so RDAP-only values (locked, associated, ...) carry no link.
 */
export interface StatusInfo {
  /** The RDAP status as published, lower case. */
  status: string;
  /** EPP code (RFC 5731 §2.3, RFC 3915 for the RGP ones), or null for RDAP-only values. */
  eppCode: string | null;
  /** Message key of the explanation, or null when the status is unknown (show it as-is). */
  messageKey: string | null;
  icannUrl: string | null;
}

/** RFC 8056 §2: the EPP domain statuses and their RDAP names. */
const EPP_TO_RDAP: ReadonlyArray<readonly [eppCode: string, rdapStatus: string]> = [
  ['addPeriod', 'add period'],
  ['autoRenewPeriod', 'auto renew period'],
  ['clientDeleteProhibited', 'client delete prohibited'],
  ['clientHold', 'client hold'],
  ['clientRenewProhibited', 'client renew prohibited'],
  ['clientTransferProhibited', 'client transfer prohibited'],
  ['clientUpdateProhibited', 'client update prohibited'],
  ['inactive', 'inactive'],
  ['ok', 'active'],
  ['pendingCreate', 'pending create'],
  ['pendingDelete', 'pending delete'],
  ['pendingRenew', 'pending renew'],
  ['pendingRestore', 'pending restore'],
  ['pendingTransfer', 'pending transfer'],
  ['pendingUpdate', 'pending update'],
  ['redemptionPeriod', 'redemption period'],
  ['renewPeriod', 'renew period'],
  ['serverDeleteProhibited', 'server delete prohibited'],
  ['serverRenewProhibited', 'server renew prohibited'],
  ['serverTransferProhibited', 'server transfer prohibited'],
  ['serverUpdateProhibited', 'server update prohibited'],
  ['serverHold', 'server hold'],
  ['transferPeriod', 'transfer period'],
];

/** RDAP values with no EPP domain status behind them (RFC 9083 §10.2.2; `linked` is the EPP host/contact status). */
const RDAP_ONLY: ReadonlyArray<readonly [rdapStatus: string, eppCode: string | null]> = [
  ['associated', 'linked'],
  ['locked', null],
  ['validated', null],
  ['renew prohibited', null],
  ['update prohibited', null],
  ['transfer prohibited', null],
  ['delete prohibited', null],
  ['proxy', null],
  ['private', null],
  ['removed', null],
  ['obscured', null],
];

export function statusMessageKey(rdapStatus: string): string {
  return `rdap_status_${rdapStatus.replace(/[^a-z0-9]+/g, '_')}`;
}

const TABLE: ReadonlyMap<string, StatusInfo> = new Map([
  ...EPP_TO_RDAP.map(([eppCode, status]): [string, StatusInfo] => [
    status,
    { status, eppCode, messageKey: statusMessageKey(status), icannUrl: `https://icann.org/epp#${eppCode}` },
  ]),
  ...RDAP_ONLY.map(([status, eppCode]): [string, StatusInfo] => [
    status,
    { status, eppCode, messageKey: statusMessageKey(status), icannUrl: null },
  ]),
]);

/** Every status with an explanation, for tests and for listing them. */
export const KNOWN_STATUSES: readonly string[] = [...TABLE.keys()];

/** Letters and digits only: `clientTransferProhibited`, `client_transfer_prohibited` and the RDAP name meet. */
const compact = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Some registries publish the EPP code (`clientTransferProhibited`, `ok`) or other separators instead of the RDAP name. */
const BY_COMPACT: ReadonlyMap<string, string> = new Map([
  ...RDAP_ONLY.map(([status]): [string, string] => [compact(status), status]),
  ...EPP_TO_RDAP.map(([, status]): [string, string] => [compact(status), status]),
  ...EPP_TO_RDAP.map(([eppCode, status]): [string, string] => [compact(eppCode), status]),
]);

/** The RDAP status name (RFC 8056 §2) of a status as a registry wrote it; unknown ones lower case, spaces collapsed. */
export function rdapStatusName(raw: string): string {
  const key = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (TABLE.has(key)) return key;
  return BY_COMPACT.get(compact(key)) ?? key;
}

export function describeStatus(status: string): StatusInfo {
  const key = rdapStatusName(status);
  return TABLE.get(key) ?? { status: key, eppCode: null, messageKey: null, icannUrl: null };
}
