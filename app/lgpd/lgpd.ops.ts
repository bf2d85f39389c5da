import { z } from 'zod';
import { op } from '../contract/define';
import { identifier } from '../contract/schemas';
import { grantConsent, listConsents, revokeConsent } from './consent.service';
import { grantConsentSchema, revokeConsentSchema } from './lgpd.schemas';

const personRefSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  lead_id: identifier().optional(),
});

/**
 * LGPD consent per purpose (issue 16). Whoever registers customers (`customers.manage`: owner,
 * manager, cashier, receptionist) records and revokes consents at the counter.
 */
export const consentOps = {
  'consents.list': op({
    input: personRefSchema,
    permission: 'customers.manage',
    readonly: true,
    handler: (ctx, input) => listConsents(ctx, input),
  }),
  'consents.grant': op({
    input: grantConsentSchema,
    permission: 'customers.manage',
    handler: (ctx, input) => grantConsent(ctx, input),
  }),
  'consents.revoke': op({
    input: revokeConsentSchema,
    permission: 'customers.manage',
    handler: (ctx, input) => revokeConsent(ctx, input),
  }),
};
