import * as v from 'valibot';
import { trimEnd } from '../trim.ts';
import type { Registrar, Registration } from '../types.ts';
import { normalizeRdapDate } from './dates.ts';
import { rdapStatusName } from './epp-status.ts';
import { vcardEmail, vcardPhone, vcardProperties, vcardText } from './vcard.ts';

/**
 * RDAP domain object (RFC 9083 §5.3) → the registration data of the report. Schemas are loose on
 * purpose: a member of the wrong type is dropped, never the whole answer, and nothing here throws.
 */
export interface ParsedRdapDomain extends Omit<Registration, 'rdapUrl'> {
  ldhName: string | null;
  /** The object's own URL (rel=self), as published. */
  selfLink: string | null;
  /** rel=related links to another RDAP domain object (the registrar's, for thin registries). */
  relatedLinks: string[];
}

const optString = v.fallback(v.optional(v.string()), undefined);
/** Any value or none: the member is read by hand after the object itself passed. */
const anything = v.optional(v.unknown());

const LinkSchema = v.looseObject({ rel: optString, href: optString, type: optString, title: optString });
type Link = v.InferOutput<typeof LinkSchema>;

const EventSchema = v.looseObject({ eventAction: optString, eventDate: anything });

const PublicIdSchema = v.looseObject({
  type: optString,
  identifier: v.fallback(v.optional(v.union([v.string(), v.number()])), undefined),
});

const EntitySchema = v.looseObject({
  objectClassName: optString,
  handle: anything,
  roles: anything,
  vcardArray: anything,
  publicIds: anything,
  links: anything,
  entities: anything,
});
type Entity = v.InferOutput<typeof EntitySchema>;

const NameserverSchema = v.looseObject({ ldhName: optString, unicodeName: optString });

const SecureDnsSchema = v.looseObject({ delegationSigned: anything });

const DomainSchema = v.looseObject({
  ldhName: optString,
  status: anything,
  events: anything,
  entities: anything,
  nameservers: anything,
  // A registrar in the wild writes `nameServers`.
  nameServers: anything,
  secureDNS: anything,
  // AFNIC writes `secureDns`.
  secureDns: anything,
  links: anything,
});

/** Items of a list that parse; a single object where a list belongs counts as a list of one. */
function listOf<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S>[] {
  const items = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? [value] : [];
  const out: v.InferOutput<S>[] = [];
  for (const item of items) {
    const result = v.safeParse(schema, item);
    if (result.success) out.push(result.output);
  }
  return out;
}

function strings(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((x): x is string => typeof x === 'string');
}

function hostName(name: string): string {
  return trimEnd(name.trim().toLowerCase(), '.');
}

function roles(entity: Entity): string[] {
  return strings(entity.roles).map((r) => r.trim().toLowerCase());
}

const EMPTY: ParsedRdapDomain = {
  ldhName: null,
  registrar: null,
  created: null,
  expires: null,
  updated: null,
  status: [],
  nameservers: [],
  dnssecSigned: null,
  selfLink: null,
  relatedLinks: [],
};

export function parseRdapDomain(json: unknown): ParsedRdapDomain {
  const parsed = v.safeParse(DomainSchema, json);
  if (!parsed.success) return { ...EMPTY, status: [], nameservers: [], relatedLinks: [] };
  const domain = parsed.output;
  const events = readEvents(domain.events);
  const links = listOf(LinkSchema, domain.links);
  const entities = listOf(EntitySchema, domain.entities);
  return {
    ldhName: domain.ldhName ? hostName(domain.ldhName) : null,
    registrar: readRegistrar(entities),
    created: events.get('registration') ?? null,
    expires: events.get('expiration') ?? null,
    // `last changed` is the RFC 9083 action; MarkMonitor publishes `last update` for the same thing.
    // `last update of RDAP database` is when the server refreshed its copy, not a domain change.
    updated: events.get('last changed') ?? events.get('last update') ?? null,
    status: unique(strings(domain.status).map(rdapStatusName).filter(Boolean)),
    nameservers: readNameservers(domain.nameservers ?? domain.nameServers),
    dnssecSigned: readDelegationSigned(domain.secureDNS ?? domain.secureDns),
    selfLink: links.find((l) => l.rel?.toLowerCase() === 'self' && isHttpUrl(l.href))?.href ?? null,
    relatedLinks: links.filter(isRelatedDomainLink).map((l) => l.href as string),
  };
}

function readEvents(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const event of listOf(EventSchema, value)) {
    const action = event.eventAction?.trim().toLowerCase().replace(/\s+/g, ' ');
    const date = normalizeRdapDate(event.eventDate);
    if (action && date && !out.has(action)) out.set(action, date);
  }
  return out;
}

function readNameservers(value: unknown): string[] {
  const names = listOf(NameserverSchema, value)
    .map((ns) => ns.ldhName ?? ns.unicodeName)
    .filter((n): n is string => typeof n === 'string')
    .map(hostName)
    .filter(Boolean);
  return unique(names);
}

function readDelegationSigned(value: unknown): boolean | null {
  const parsed = v.safeParse(SecureDnsSchema, value);
  if (!parsed.success) return null;
  const signed = parsed.output.delegationSigned;
  if (typeof signed === 'boolean') return signed;
  // Seen in the wild as the strings "true"/"false".
  if (signed === 'true' || signed === 'false') return signed === 'true';
  return null;
}

function readRegistrar(entities: Entity[]): Registrar | null {
  const registrar = entities.find((e) => roles(e).includes('registrar'));
  const nested = registrar ? listOf(EntitySchema, registrar.entities) : [];
  // The abuse contact belongs inside the registrar entity (ICANN RDAP response profile); some
  // registrars put it at the top level, and one labels it with objectClassName "abuse" instead of a role.
  const abuse =
    nested.find((e) => roles(e).includes('abuse')) ??
    nested.find((e) => e.objectClassName?.toLowerCase() === 'abuse') ??
    entities.find((e) => roles(e).includes('abuse'));
  if (!registrar && !abuse) return null;

  const props = vcardProperties(registrar?.vcardArray);
  // A registrar whose own vCard is empty may describe itself in a nested registrar entity.
  const nestedRegistrar = nested.find((e) => roles(e).includes('registrar'));
  const nestedProps = vcardProperties(nestedRegistrar?.vcardArray);
  const name =
    vcardText(props, 'org') ??
    vcardText(props, 'fn') ??
    vcardText(nestedProps, 'org') ??
    vcardText(nestedProps, 'fn') ??
    handleAsName(registrar?.handle);
  const abuseProps = vcardProperties(abuse?.vcardArray);
  return {
    name,
    ianaId: registrar ? readIanaId(registrar.publicIds) : null,
    url: vcardUrl(props) ?? (registrar ? websiteFromLinks(listOf(LinkSchema, registrar.links)) : null),
    abuseEmail: vcardEmail(abuseProps),
    abusePhone: vcardPhone(abuseProps),
  };
}

/** A registry handle like "REG-INTERNET-CZ" names the registrar when nothing else does; "292" does not. */
function handleAsName(handle: unknown): string | null {
  return typeof handle === 'string' && /[a-z]/i.test(handle) ? handle.trim() : null;
}

function readIanaId(value: unknown): string | null {
  for (const id of listOf(PublicIdSchema, value)) {
    if (id.type?.trim().toLowerCase() === 'iana registrar id' && id.identifier !== undefined) {
      const identifier = String(id.identifier).trim();
      if (identifier) return identifier;
    }
  }
  return null;
}

function vcardUrl(props: ReturnType<typeof vcardProperties>): string | null {
  const url = vcardText(props, 'url');
  return url ? asWebsite(url) : null;
}

function websiteFromLinks(links: Link[]): string | null {
  const about = links.find((l) => l.rel?.toLowerCase() === 'about' && !isRdapType(l.type) && l.href);
  // A registrar in the wild gives its website as a link titled "Registrar URL" with a bare host name.
  const titled = links.find((l) => /registrar url/i.test(l.title ?? '') && l.href);
  for (const link of [about, titled]) {
    const url = link?.href ? asWebsite(link.href) : null;
    if (url) return url;
  }
  return null;
}

function asWebsite(value: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  return isHttpUrl(candidate) ? candidate : null;
}

function isRdapType(type: string | undefined): boolean {
  return (type ?? '').toLowerCase().startsWith('application/rdap+json');
}

function isRelatedDomainLink(link: Link): boolean {
  if (link.rel?.toLowerCase() !== 'related' || !isHttpUrl(link.href)) return false;
  if (isRdapType(link.type)) return true;
  return link.type === undefined && /\/domain\/[^/]+\/?$/i.test(new URL(link.href as string).pathname);
}

export function isHttpUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** RFC 9083 §6: `{ errorCode, title?, description? }`. */
export interface RdapErrorObject {
  errorCode: number;
  title: string | null;
  description: string[];
}

const ErrorSchema = v.looseObject({
  errorCode: v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{3}$/), v.transform(Number))]),
  title: optString,
  description: v.fallback(v.optional(v.unknown()), undefined),
  objectClassName: optString,
});

export function readRdapError(json: unknown): RdapErrorObject | null {
  const parsed = v.safeParse(ErrorSchema, json);
  if (!parsed.success || parsed.output.objectClassName?.toLowerCase() === 'domain') return null;
  return {
    errorCode: parsed.output.errorCode,
    title: parsed.output.title?.trim() || null,
    description: strings(parsed.output.description)
      .map((d) => d.trim())
      .filter(Boolean),
  };
}
