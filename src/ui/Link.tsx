import type { ComponentChildren } from 'preact';
import { safeHref } from '../shared/safe-href.ts';

/** A link from remote data: rendered only when its scheme is allowed, otherwise its text alone. */
export function SafeLink({
  href,
  children,
}: {
  href: string | null | undefined;
  children: ComponentChildren;
}) {
  const safe = safeHref(href);
  if (!safe) return <span>{children}</span>;
  const web = safe.startsWith('http');
  return (
    <a href={safe} target={web ? '_blank' : undefined} rel={web ? 'noopener noreferrer' : undefined}>
      {children}
    </a>
  );
}
