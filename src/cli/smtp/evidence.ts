/**
 * What a mail server sends is shown to the user as evidence (greeting, certificate names): control
 * characters could rewrite the terminal (ANSI escapes) and bidirectional overrides could disguise
 * the text, so both are replaced, and the length is capped.
 */
// C0, DEL, C1, and the bidi embeddings, overrides and isolates (Unicode TR #9).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const EVIDENCE_CHARS = 160;

export function cleanEvidence(text: string, max = EVIDENCE_CHARS): string {
  const clean = text.replace(UNSAFE, '?').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
