import { describe, expect, it } from 'vitest';
import { ehloKeywords, MAX_LINE_CHARS, MAX_REPLY_LINES, parseReply, replyText } from './reply.ts';

describe('parseReply (RFC 5321 §4.2)', () => {
  it('reads a one-line reply and leaves what follows', () => {
    expect(parseReply('220 mx.example.com ESMTP ready\r\n250 next')).toEqual({
      kind: 'reply',
      reply: { code: 220, lines: ['mx.example.com ESMTP ready'] },
      rest: '250 next',
    });
  });

  it('reads a multi-line reply up to the line without a hyphen', () => {
    const parsed = parseReply('250-mx.example.com\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n');
    expect(parsed).toMatchObject({
      kind: 'reply',
      reply: { code: 250, lines: ['mx.example.com', 'PIPELINING', 'STARTTLS', '8BITMIME'] },
    });
  });

  it('waits for the rest of a multi-line reply', () => {
    expect(parseReply('220-first line\r\n220-second')).toEqual({ kind: 'incomplete' });
  });

  it('accepts a code without text and a bare LF line end', () => {
    expect(parseReply('220\n')).toMatchObject({ kind: 'reply', reply: { code: 220, lines: [''] } });
  });

  it('refuses a line that is not a reply line', () => {
    expect(parseReply('HTTP/1.1 400 Bad Request\r\n')).toEqual({
      kind: 'malformed',
      line: 'HTTP/1.1 400 Bad Request',
    });
    expect(parseReply('600 no such code\r\n')).toMatchObject({ kind: 'malformed' });
  });

  it('caps a line, even before it ends, and the number of lines', () => {
    expect(parseReply(`220 ${'x'.repeat(MAX_LINE_CHARS + 1)}`)).toEqual({ kind: 'too-large' });
    expect(parseReply(`220 ${'x'.repeat(MAX_LINE_CHARS + 1)}\r\n`)).toEqual({ kind: 'too-large' });
    expect(parseReply('250-x\r\n'.repeat(MAX_REPLY_LINES + 1))).toEqual({ kind: 'too-large' });
  });
});

describe('ehloKeywords', () => {
  it('lists the extension keywords after the greeting line, upper case', () => {
    const parsed = parseReply('250-mx.example.com Hello\r\n250-size 1000\r\n250 starttls\r\n');
    if (parsed.kind !== 'reply') throw new Error('no reply');
    expect(ehloKeywords(parsed.reply)).toEqual(['SIZE', 'STARTTLS']);
    expect(replyText(parsed.reply)).toBe('250 mx.example.com Hello / size 1000 / starttls');
  });
});
