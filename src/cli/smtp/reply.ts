/**
 * SMTP replies (RFC 5321 §4.2): one or more lines of a three-digit code, then "-" on every line but
 * the last, then text. The server's bytes are untrusted: lines and replies are capped, and anything
 * that is not a reply line is reported as malformed rather than guessed at.
 */

export interface SmtpReply {
  /** The code of the line that ends the reply (RFC 5321 §4.2.1 asks for the same code on each line). */
  code: number;
  /** The text of each line, without code and separator. */
  lines: string[];
}

export type ReplyParse =
  | { kind: 'reply'; reply: SmtpReply; rest: string }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; line: string }
  | { kind: 'too-large' };

/** RFC 5321 §4.5.3.1.5 allows 512 octets a reply line; some servers send more, none send this much. */
export const MAX_LINE_CHARS = 2048;
/** An EHLO reply lists one extension a line: a few dozen at most in practice. */
export const MAX_REPLY_LINES = 100;

// Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 §4.2); the text may be absent on the last line.
const REPLY_LINE = /^([2-5][0-5][0-9])([- ]|$)/;

/** The first complete reply at the start of `buffer`, and what follows it. */
export function parseReply(buffer: string): ReplyParse {
  const lines: string[] = [];
  let offset = 0;
  while (lines.length < MAX_REPLY_LINES) {
    const end = buffer.indexOf('\n', offset);
    if (end < 0)
      return buffer.length - offset > MAX_LINE_CHARS ? { kind: 'too-large' } : { kind: 'incomplete' };
    if (end - offset > MAX_LINE_CHARS) return { kind: 'too-large' };
    // CRLF ends a line (RFC 5321 §2.3.8); a bare LF is accepted, as most clients do.
    const line = buffer.slice(offset, end).replace(/\r$/, '');
    offset = end + 1;
    const match = REPLY_LINE.exec(line);
    if (!match) return { kind: 'malformed', line };
    lines.push(line.slice(4));
    if (match[2] !== '-') {
      return { kind: 'reply', reply: { code: Number(match[1]), lines }, rest: buffer.slice(offset) };
    }
  }
  return { kind: 'too-large' };
}

/** EHLO keywords (RFC 5321 §4.1.1.1): the first word of every line after the greeting line. */
export function ehloKeywords(reply: SmtpReply): string[] {
  return reply.lines.slice(1).map((line) => (line.trim().split(/\s+/)[0] ?? '').toUpperCase());
}

/** The reply as one line for evidence: code and text, lines joined. */
export function replyText(reply: SmtpReply): string {
  const text = reply.lines.filter((l) => l.length > 0).join(' / ');
  return text ? `${reply.code} ${text}` : String(reply.code);
}
