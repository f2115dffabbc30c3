/**
 * Trimming without regular expressions. V8 runs /\.+$/ in quadratic time on a long run of dots that
 * does not end the string (each start position rescans the run), and names, URLs and records come
 * from servers that may send 100 KB of them: these loops are linear whatever the input.
 */

/** Without `char` at the end: `trimEnd("a.b..", ".")` is "a.b". */
export function trimEnd(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end -= 1;
  return text.slice(0, end);
}

/** Without `char` at either end. */
export function trimBoth(text: string, char: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === char) start += 1;
  while (end > start && text[end - 1] === char) end -= 1;
  return text.slice(start, end);
}

/** Without leading and trailing dots (a name written "com." or ".com"). */
export function trimDots(text: string): string {
  return trimBoth(text, '.');
}
