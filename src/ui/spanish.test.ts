import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** docs/glossary-es.md: one register (usted), the glossary's words, no English left on Spanish screens. */
const dir = (lang: string) => join(import.meta.dirname, '../../locales', lang);
function messages(lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir(lang)).filter((f) => f.endsWith('.json'))) {
    const part = JSON.parse(readFileSync(join(dir(lang), file), 'utf8')) as Record<
      string,
      { message: string }
    >;
    for (const [key, value] of Object.entries(part)) out[key] = value.message;
  }
  return out;
}
const es = messages('es');
const en = messages('en');

// Second-person familiar forms that would break the usted register.
const TU =
  /\b(tu|tus|te|ti|contigo|puedes|tienes|quieres|escribe|navegas|abres|añadas|añade|elige|pulsa|revisa|haz)\b/i;
// Names of standards and codes that stay as they are in both languages.
const SAME_IN_BOTH =
  /^(SPF|DMARC|DKIM|MTA-STS|TLS-RPT|BIMI|DNSSEC|DNS|RDAP|MX|OK|IANA|ICS|CSV|JSON|(\$[A-Z_]+\$|[^A-Za-z])*)$/;

describe('Spanish words', () => {
  it('speak in one register, usted, everywhere', () => {
    const familiar = Object.entries(es).filter(([, message]) => TU.test(message));
    expect(familiar).toEqual([]);
  });

  it('follow the glossary: vence, lista de vigilancia, resolutor', () => {
    const off = Object.entries(es).filter(([, m]) => /caduc|lista de seguimiento|resolvedor/i.test(m));
    expect(off).toEqual([]);
  });

  it('leave no English text behind', () => {
    const untranslated = Object.keys(en).filter(
      (key) => es[key] === en[key] && !SAME_IN_BOTH.test(en[key] ?? '') && !key.startsWith('extName'),
    );
    expect(untranslated).toEqual([]);
  });
});
