import type { Change, ChangeKind, ReportSummary, SummaryPart } from './model.ts';
import { shorten } from './schema.ts';

const joined = (names: string[]) => (names.length === 0 ? null : names.join(', '));
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Compares two checks of one domain into change entries. A part that either check could not see is
 * skipped: a failed lookup is not a change. `at` is the time of the newer check.
 */
export function diffSummaries(before: ReportSummary, after: ReportSummary): Change[] {
  const at = after.checkedAt;
  const changes: Change[] = [];
  const blind = new Set<SummaryPart>([...before.unknown, ...after.unknown]);
  const push = (kind: ChangeKind, from: string | null, to: string | null) => {
    const clip = (value: string | null) => (value === null ? null : shorten(value, 4000));
    if (from !== to) changes.push({ at, kind, before: clip(from), after: clip(to) });
  };

  if (!blind.has('mail')) {
    push('mail-provider', before.provider?.name ?? null, after.provider?.name ?? null);
    push('mail-gateway', before.gateway?.name ?? null, after.gateway?.name ?? null);
  }
  if (!blind.has('mx') && !sameSet(before.mx, after.mx)) push('mx', joined(before.mx), joined(after.mx));
  if (!blind.has('ns') && !sameSet(before.ns, after.ns)) push('ns', joined(before.ns), joined(after.ns));
  if (!blind.has('spf')) push('spf', before.spf, after.spf);
  if (!blind.has('dmarc')) push('dmarc', before.dmarc, after.dmarc);

  // Registration is compared only between two real RDAP answers: "no RDAP" → "RDAP" is not a new registrar.
  if (!blind.has('registration') && before.rdap === 'ok' && after.rdap === 'ok') {
    push('registrar', before.registrar, after.registrar);
    // Only two published dates compare; a later one means the domain was renewed (good news).
    if (before.expires && after.expires && Date.parse(before.expires) !== Date.parse(after.expires)) {
      const renewed = Date.parse(after.expires) > Date.parse(before.expires);
      push(renewed ? 'expiry-renewed' : 'expiry-shortened', before.expires, after.expires);
    }
    if (!sameSet(before.status, after.status)) push('status', joined(before.status), joined(after.status));
  }

  const beforeIds = new Map(before.findings.map((f) => [f.id, f.severity]));
  const afterIds = new Map(after.findings.map((f) => [f.id, f.severity]));
  for (const [id, severity] of afterIds) {
    if (!beforeIds.has(id)) {
      changes.push({ at, kind: 'finding-appeared', before: null, after: id, findingId: id, severity });
    }
  }
  for (const [id, severity] of beforeIds) {
    if (!afterIds.has(id)) {
      changes.push({ at, kind: 'finding-resolved', before: id, after: null, findingId: id, severity });
    }
  }
  return changes;
}
