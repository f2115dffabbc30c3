/**
 * Reads the few jCard (RFC 7095) properties the report needs from an RDAP entity's `vcardArray`.
 * Registries publish broken jCards: parameters as the string "{}" instead of an object, properties
 * not wrapped in the property list (`["vcard", [..prop..], [..prop..]]`), or no "vcard" header at
 * all; a telephone number split over several `tel` properties (FlexiReg: "tel:+7", "tel:495",
 * "tel:5801111"). Whatever cannot be read is simply absent.
 */
export interface VcardProperty {
  name: string;
  /** Parameter names lower case (Namecheap writes "Type"); values as string arrays. */
  params: Record<string, string[]>;
  value: unknown;
}

export function vcardProperties(vcardArray: unknown): VcardProperty[] {
  if (!Array.isArray(vcardArray)) return [];
  let raw: unknown[];
  if (vcardArray[0] === 'vcard') {
    const second = vcardArray[1];
    raw = Array.isArray(second) && Array.isArray(second[0]) ? second : vcardArray.slice(1);
  } else {
    raw = vcardArray;
  }
  const props: VcardProperty[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    props.push({ name: item[0].toLowerCase(), params: readParams(item[1]), value: item[3] });
  }
  return props;
}

function readParams(params: unknown): Record<string, string[]> {
  let object: unknown = params;
  if (typeof params === 'string') {
    try {
      object = JSON.parse(params);
    } catch {
      return {};
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(object)) {
    const values = (Array.isArray(value) ? value : [value]).filter((x): x is string => typeof x === 'string');
    out[key.toLowerCase()] = values.map((x) => x.toLowerCase());
  }
  return out;
}

/**
 * A text value: a string, or the first non-empty string of a structured value (org: ["Org", "Unit"]).
 * RFC 7095 §3.3.1.3 nests a structured value two levels at most (components, each a string or a
 * list of strings); deeper arrays are not jCard and are not walked, so a value nested 20,000 deep
 * costs nothing and cannot overflow the stack.
 */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (!Array.isArray(value)) return null;
  for (const component of value) {
    if (typeof component === 'string') {
      const t = component.trim();
      if (t) return t;
    } else if (Array.isArray(component)) {
      for (const part of component) {
        if (typeof part !== 'string') continue;
        const t = part.trim();
        if (t) return t;
      }
    }
  }
  return null;
}

export function vcardText(props: VcardProperty[], name: string): string | null {
  for (const prop of props) {
    if (prop.name !== name) continue;
    const t = text(prop.value);
    if (t) return t;
  }
  return null;
}

export function vcardEmail(props: VcardProperty[]): string | null {
  for (const prop of props) {
    if (prop.name !== 'email') continue;
    const raw = text(prop.value);
    const t = raw?.slice(0, 7).toLowerCase() === 'mailto:' ? raw.slice(7) : raw;
    if (t && /^[^\s@]+@[^\s@]+$/.test(t)) return t;
  }
  return null;
}

const MIN_PHONE_DIGITS = 8;

/** The first voice number (never a fax); fragments of one split number are joined back together. */
export function vcardPhone(props: VcardProperty[]): string | null {
  const numbers: string[] = [];
  for (const prop of props) {
    if (prop.name !== 'tel') continue;
    const raw = text(prop.value);
    if (!raw || /^fax:/i.test(raw) || (prop.params.type ?? []).includes('fax')) continue;
    const number = raw.replace(/^tel:/i, '').trim();
    if (/\d/.test(number)) numbers.push(number);
  }
  const whole = numbers.find((n) => digitCount(n) >= MIN_PHONE_DIGITS);
  if (whole) return whole;
  const joined = numbers.join(' ');
  return digitCount(joined) >= MIN_PHONE_DIGITS ? joined : (numbers[0] ?? null);
}

function digitCount(s: string): number {
  return s.replace(/\D/g, '').length;
}
