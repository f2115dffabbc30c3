/**
 * Every selector the end-to-end scenarios use, in one place: when the pages' markup changes, only
 * this file does. The stable contracts are `data-finding-id` / `data-severity` (checks.md) and the
 * popup's `data-state`.
 */
export const popup = {
  ready: '[data-state="ready"]',
  readyFor: (domain: string) => `[data-state="ready"][data-domain="${domain}"]`,
  /** The report's verdict (report.md): every ready report shows one. */
  verdict: (verdict: 'ok' | 'warning' | 'critical' | 'incomplete') => `[data-verdict="${verdict}"]`,
  anyVerdict: '[data-verdict]',
  verdictHeader: '.verdict h2',
  checkRow: '[data-check]',
  checkById: (check: string) => `[data-check="${check}"]`,
  checkInState: (state: string) => `[data-check][data-state="${state}"]`,
  checkState: (check: string) => `[data-check="${check}"] .check-state`,
  resolverSettings: '[data-action="resolver-settings"]',
  recheck: '[data-action="recheck"]',
  expiry: '.registration-expiry, .card .expiry',
  aboveTheFold: ['.verdict', '.key-facts [data-provider-id]', '.key-facts [data-expiry]'],
  state: (state: string) => `[data-state="${state}"]`,
  /** The whole-popup skeleton shown while nothing is known yet (a check row may say "checking" too). */
  checking: '.checking[data-state="checking"]',
  domain: '.domain',
  provider: (id: string) => `[data-provider-id="${id}"]`,
  anyProvider: '[data-provider-id]',
  finding: '[data-finding-id]',
  findingById: (id: string) => `[data-finding-id="${id}"]`,
  findingTitle: (id: string) => `[data-finding-id="${id}"] .finding-title`,
  firstFindingSummary: '[data-finding-id] summary',
  firstFindingFix: '[data-finding-id] .finding-fix p',
  fixSummary: '.finding-fix summary',
  findingsTitle: '#findings-title',
  mailTitle: '#mail-title',
  registrationTitle: '#registration-title',
  checkedAt: '.head time',
  dates: 'time[datetime]',
  errorSource: (source: string) => `[data-error-source="${source}"]`,
  button: 'button',
  watch: '[data-action="watch"]',
  watchPressed: (pressed: boolean) => `[data-action="watch"][aria-pressed="${pressed}"]`,
  copy: '[data-action="copy"]',
  askDomain: '#ask-domain',
  /** The provider-status card's own row (the check list has a row of the same check too). */
  providerStatusRow: (state: string) =>
    `.provider-status [data-check="provider-status"][data-state="${state}"]`,
  /** Host permissions withheld (Firefox): the notice and its button. */
  hostAccess: '[data-state="host-access"]',
  hostAccessButton: '[data-action="grant-host-access"]',
} as const;

export const welcome = {
  sentTitle: '#sent-title',
  main: 'main',
  mode: (mode: string) => `input[name="lookupMode"][value="${mode}"]`,
  save: 'form button[type="submit"]',
  status: '[role="status"]',
  hostAccess: '[data-state="host-access"]',
  hostAccessButton: '[data-action="grant-host-access"]',
  hostAccessGranted: '[data-state="host-access-granted"]',
} as const;

export const options = {
  addDomain: '#addDomain',
  addError: '#addMessage.error',
  row: (domain: string) => `tr[data-domain="${domain}"]`,
  rowWithSeverity: (domain: string, severity: string) =>
    `tr[data-domain="${domain}"][data-severity="${severity}"]`,
  uncheckedRow: 'tr[data-severity="unchecked"]',
  importExport: '.import-export',
  importText: '#importText',
  importPasted: '#importPasted',
  importFile: '#importFile',
  importReport: '#importReport',
  problemLines: '.problems li',
  checkAll: '#checkAll',
  recheck: (domain: string) => `tr[data-domain="${domain}"] button.recheck`,
  details: (domain: string) => `tr[data-domain="${domain}"] button.details`,
  historyOf: (kind: string) => `.history li[data-kind="${kind}"]`,
  tabActivity: '#tab-activity',
  tabWatchlist: '#tab-watchlist',
  activityItem: (domain: string, kind: string) =>
    `.activity-list li[data-domain="${domain}"][data-kind="${kind}"]`,
  manualExpiry: (domain: string) => `[data-details-for="${domain}"] input[name="manualExpiry"]`,
  saveExpiry: (domain: string) => `[data-details-for="${domain}"] button.save-expiry`,
  manualMark: (domain: string) => `tr[data-domain="${domain}"] .manual`,
  empty: '.empty',
  resolverCustom: 'input[name="resolver"][value="custom"]',
  customResolver: '#customResolver',
  resolverSave: '.inline button',
  resolverError: '#resolver-error',
  testResolver: '#testResolver',
  resolverTestResult: '#resolverTestResult',
  interval: '#checkIntervalHours',
  exportJson: '#exportJson',
  exportCsv: '#exportCsv',
  exportIcs: '#exportIcs',
} as const;
