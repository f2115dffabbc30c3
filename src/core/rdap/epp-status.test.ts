import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json' with { type: 'json' };
import es from '../../../public/_locales/es/messages.json' with { type: 'json' };
import { describeStatus, KNOWN_STATUSES } from './epp-status.ts';

describe('EPP status mapping (RFC 8056)', () => {
  it('maps an RDAP status to its EPP code and ICANN page', () => {
    expect(describeStatus('client transfer prohibited')).toEqual({
      status: 'client transfer prohibited',
      eppCode: 'clientTransferProhibited',
      messageKey: 'rdap_status_client_transfer_prohibited',
      icannUrl: 'https://icann.org/epp#clientTransferProhibited',
    });
  });

  it('maps "active" to EPP "ok" and the redemption statuses to their RGP codes', () => {
    expect(describeStatus('active').eppCode).toBe('ok');
    expect(describeStatus('redemption period').eppCode).toBe('redemptionPeriod');
    expect(describeStatus('pending restore').icannUrl).toBe('https://icann.org/epp#pendingRestore');
  });

  it('reads statuses case- and space-insensitively', () => {
    expect(describeStatus('  Server  Hold ').eppCode).toBe('serverHold');
  });

  it('shows an unknown status as-is, with nothing to link to', () => {
    expect(describeStatus('server recover prohibited')).toEqual({
      status: 'server recover prohibited',
      eppCode: null,
      messageKey: null,
      icannUrl: null,
    });
  });

  it('RDAP-only statuses have an explanation but no ICANN page', () => {
    expect(describeStatus('locked')).toMatchObject({
      eppCode: null,
      icannUrl: null,
      messageKey: 'rdap_status_locked',
    });
  });

  it('every known status is explained in English and Spanish', () => {
    for (const status of KNOWN_STATUSES) {
      const key = describeStatus(status).messageKey as string;
      expect(en, key).toHaveProperty([key, 'message']);
      expect(es, key).toHaveProperty([key, 'message']);
    }
  });
});
