/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, rows end in CRLF.
 * The reader accepts what spreadsheets actually write: LF or CRLF, a BOM, `;` as separator when the
 * header says so (European Excel), and never throws.
 */
export function toCsv(rows: string[][]): string {
  return `${rows.map((row) => row.map(quoteField).join(',')).join('\r\n')}\r\n`;
}

function quoteField(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula (CSV injection); a quote mark defuses
  // it. A value that itself starts with ' gets one too, so reading back strips exactly one.
  const safe = /^[=+\-@\t\r']/.test(value) ? `'${value}` : value;
  // `;` is quoted too, so the reader's separator sniffing never mistakes our files for European ones.
  return /[",;\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Undoes the formula guard of {@link toCsv} for a field that was quoted. */
function unguard(value: string, quoted: boolean): string {
  return quoted && value.startsWith("'") ? value.slice(1) : value;
}

export function parseCsv(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const separator = sniffSeparator(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoted = true;
    } else if (c === separator) {
      row.push(unguard(field, quoted));
      field = '';
      quoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(unguard(field, quoted));
      rows.push(row);
      row = [];
      field = '';
      quoted = false;
    } else {
      field += c;
    }
  }
  if (field !== '' || quoted || row.length > 0) {
    row.push(unguard(field, quoted));
    rows.push(row);
  }
  return rows;
}

/** `;` only when the first record has semicolons and no commas outside quotes (Excel in many locales). */
function sniffSeparator(text: string): ',' | ';' {
  let inQuotes = false;
  let semicolons = 0;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === ',') return ',';
    else if (!inQuotes && c === ';') semicolons++;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
  }
  return semicolons > 0 ? ';' : ',';
}
