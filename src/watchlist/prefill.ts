import type { Notes, ReportSummary } from './model.ts';

/**
 * "Who to call" from what the last check learned: the mail provider's support page and the
 * registrar with its contacts. Only empty fields are filled; what the user wrote always wins.
 */
export function prefillNotes(notes: Notes, summary: ReportSummary | null): Notes {
  if (!summary) return notes;
  const contacts = summary.contacts;
  const provider = [summary.provider?.name, contacts?.providerSupport].filter(Boolean).join(' · ');
  const registrar = [summary.registrar, contacts?.registrarUrl, contacts?.abuseEmail, contacts?.abusePhone]
    .filter(Boolean)
    .join(' · ');
  return {
    ...notes,
    mailSupport: notes.mailSupport.trim() === '' && provider ? provider : notes.mailSupport,
    registrarAccount: notes.registrarAccount.trim() === '' && registrar ? registrar : notes.registrarAccount,
  };
}
