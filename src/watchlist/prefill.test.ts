import { describe, expect, it } from 'vitest';
import { emptyNotes } from './model.ts';
import { prefillNotes } from './prefill.ts';
import { summarizeReport } from './summary.ts';
import { report } from './test-helpers.ts';

const known = () => {
  const r = report();
  if (r.mail.provider) r.mail.provider.supportUrl = 'https://support.google.com/a/';
  if (r.registration?.registrar) {
    r.registration.registrar.url = 'https://registrar.example';
    r.registration.registrar.abuseEmail = 'abuse@registrar.example';
  }
  return summarizeReport(r);
};

describe('prefillNotes', () => {
  it("fills empty fields with the provider's support page and the registrar's contacts", () => {
    const notes = prefillNotes(emptyNotes(), known());
    expect(notes.mailSupport).toBe('Google Workspace · https://support.google.com/a/');
    expect(notes.registrarAccount).toBe(
      'Example Registrar · https://registrar.example · abuse@registrar.example',
    );
  });

  it('never overwrites what the user wrote', () => {
    const mine = { ...emptyNotes(), mailSupport: 'Ana, IT: 555-0100', registrarAccount: 'account 42' };
    expect(prefillNotes(mine, known())).toEqual(mine);
  });

  it('leaves the notes alone before the first check', () => {
    expect(prefillNotes(emptyNotes(), null)).toEqual(emptyNotes());
  });
});
