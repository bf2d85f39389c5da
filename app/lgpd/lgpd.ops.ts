import { z } from 'zod';
import { op } from '../contract/define';
import { identifier } from '../contract/schemas';
import { grantConsent, listConsents, revokeConsent } from './consent.service';
import {
  anonymizeSchema,
  clinicalNoteSchema,
  closeRequestSchema,
  grantConsentSchema,
  listRequestsSchema,
  openRequestSchema,
  revokeConsentSchema,
} from './lgpd.schemas';
import { anonymizeCustomer } from './anonymize';
import { addClinicalNote, viewClinicalNotes } from './clinical.service';
import { exportSubject } from './privacy.export';
import { closeRequest, listRequests, openRequest } from './privacy.requests';

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

const exportSchema = z.strictObject({
  customer_id: identifier().optional(),
  customer_external_id: identifier().optional(),
  format: z.enum(['json', 'pdf'], { message: "Formato deve ser 'json' ou 'pdf'." }),
});

/**
 * Data-subject requests and anonymization (issue 16), permission `privacy.manage` (owner,
 * manager); `privacy.anonymize` also needs the owner (login + PIN when a manager asks).
 * `privacy.export` is a sensitive read: the audit trail records it.
 */
export const privacyOps = {
  'privacy.requests': op({
    input: listRequestsSchema,
    permission: 'privacy.manage',
    readonly: true,
    handler: (ctx, input) => listRequests(ctx, input),
  }),
  'privacy.open_request': op({
    input: openRequestSchema,
    permission: 'privacy.manage',
    handler: (ctx, input) => openRequest(ctx, input),
  }),
  'privacy.close_request': op({
    input: closeRequestSchema,
    permission: 'privacy.manage',
    handler: (ctx, input) => closeRequest(ctx, input),
  }),
  'privacy.export': op({
    input: exportSchema,
    permission: 'privacy.manage',
    readonly: true,
    handler: (ctx, input) => exportSubject(ctx, input),
  }),
  'privacy.anonymize': op({
    input: anonymizeSchema,
    permission: 'privacy.manage',
    handler: (ctx, input) => anonymizeCustomer(ctx, input),
  }),
};

/**
 * Clinical notes (evolução, anamnese), encrypted at rest: `clinical.view` (owner, professional)
 * decrypts, and is audited as a read of health data; `clinical.add` needs `clinical.write`.
 */
export const clinicalOps = {
  'clinical.view': op({
    input: z.strictObject({ customer_id: identifier().optional(), customer_external_id: identifier().optional() }),
    permission: 'clinical.view',
    readonly: true,
    handler: (ctx, input) => viewClinicalNotes(ctx, input),
  }),
  'clinical.add': op({
    input: clinicalNoteSchema,
    permission: 'clinical.write',
    handler: (ctx, input) => addClinicalNote(ctx, input),
  }),
};
