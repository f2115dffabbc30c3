import { readFile } from 'node:fs/promises';
import type { Translate } from '../../core/i18n/translate.ts';
import type { Clock, DomainReport } from '../../core/types.ts';
import { type SmtpFlags, UsageError } from '../args.ts';
import { checkSmtp, type ReportWithSmtp } from './check.ts';

/** The port mail servers deliver to each other on (RFC 6409 §1 keeps submission apart, on 587). */
export const SMTP_PORT = 25;

/** A PEM bundle is a few certificates; a file much larger than this is not one. */
const MAX_CA_FILE_BYTES = 1_000_000;

/**
 * The --smtp step of `check`, set up once for every domain: the extra CA file is read (bad usage
 * when it holds no certificate) before any question leaves the machine.
 */
export async function smtpStage(
  flags: SmtpFlags,
  options: { timeoutMs: number; translate: Translate; now: Clock },
): Promise<(report: DomainReport) => Promise<ReportWithSmtp>> {
  const extraCa = flags.caFile ? await readCaFile(flags.caFile) : [];
  const probe = {
    port: flags.port ?? SMTP_PORT,
    timeoutMs: options.timeoutMs,
    extraCa,
    allowLoopback: flags.port !== null,
    now: options.now,
    translate: options.translate,
  };
  return (report) => checkSmtp(report, probe);
}

async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_CA_FILE_BYTES) throw new Error('file too large for a certificate bundle');
    text = bytes.toString('utf8');
  } catch (error) {
    throw new UsageError(
      `--smtp-ca: cannot read "${path}": ${error instanceof Error ? error.message : error}`,
    );
  }
  const certificates = pemCertificates(text);
  if (certificates.length === 0) throw new UsageError(`--smtp-ca: "${path}" holds no PEM certificate`);
  return certificates;
}

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/** The PEM blocks of a bundle, found with indexOf: linear in the file's size. */
function pemCertificates(text: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(BEGIN, from);
    if (start < 0) return found;
    const end = text.indexOf(END, start + BEGIN.length);
    if (end < 0) return found;
    found.push(text.slice(start, end + END.length));
    from = end + END.length;
  }
}
