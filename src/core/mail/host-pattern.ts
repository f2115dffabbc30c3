import { getPublicSuffix } from 'tldts-icann';

/**
 * Label-wise host name patterns for the provider catalogue. A pattern matches a host when it matches
 * the host's rightmost labels, so `google.com` covers `aspmx.l.google.com` but never `evilgoogle.com`
 * or `google.com.evil.net` (providers.md: match on label boundaries, never on a substring).
 *
 * - A leading `*` label stands for one or more labels: `*.mimecast.com` needs something in front.
 * - A trailing `*` label stands for the host's public suffix (`mx00.ionos.*` is IONOS in every
 *   country: `.de`, `.co.uk`), never for a registrable domain: `mx00.ionos.evil.com` is evil.com's.
 * - Inside any other label `*` is a wildcard for zero or more characters: `mx*`, `in*-smtp`.
 *
 * Patterns come from the project's own catalogue; hosts come from DNS and are untrusted, so they are
 * only ever compared label by label (no regular expression is built from either).
 */
export function hostMatchesPattern(host: string, pattern: string): boolean {
  const hostLabels = labelsOf(host);
  const patternLabels = pattern.toLowerCase().split('.');
  if (hostLabels === null || patternLabels.some((label) => label === '')) return false;

  let hostEnd = hostLabels.length;
  if (patternLabels[patternLabels.length - 1] === '*') {
    const suffix = getPublicSuffix(hostLabels.join('.'));
    if (!suffix) return false;
    hostEnd -= suffix.split('.').length;
    patternLabels.pop();
  }

  const needsMore = patternLabels[0] === '*';
  if (needsMore) patternLabels.shift();
  const start = hostEnd - patternLabels.length;
  if (start < (needsMore ? 1 : 0)) return false;
  return patternLabels.every((label, i) => labelMatches(hostLabels[start + i] ?? '', label));
}

/** Lower case, one trailing dot removed; null for a name with an empty label (not a host name). */
function labelsOf(host: string): string[] | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  return labels.some((label) => label === '') ? null : labels;
}

/** Glob with `*` only, iterative with one backtrack point (linear for the short labels of DNS). */
function labelMatches(label: string, glob: string): boolean {
  let l = 0;
  let g = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (l < label.length) {
    if (g < glob.length && glob[g] === '*') {
      starAt = g++;
      resumeAt = l;
    } else if (g < glob.length && glob[g] === label[l]) {
      l++;
      g++;
    } else if (starAt >= 0) {
      g = starAt + 1;
      l = ++resumeAt;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}
