import { z } from 'zod';
import { op } from '../contract/define';
import { attribution } from './leads.attribution';
import { readLeadConfig, writeLeadConfig } from './leads.config';
import { convertLead } from './leads.convert';
import { exportLeads } from './leads.export';
import { importLeads } from './leads.import';
import {
  activityDoneSchema,
  addActivitySchema,
  attributionSchema,
  convertLeadSchema,
  exportLeadsSchema,
  importLeadsSchema,
  leadIdSchema,
  linkLeadSchema,
  listLeadsSchema,
  mergeLeadSchema,
  moveLeadSchema,
  overdueSchema,
  reopenLeadSchema,
  scoreLeadSchema,
  setLeadConfigSchema,
  upsertLeadSchema,
} from './leads.schemas';
import {
  addActivity,
  getLead,
  linkLead,
  listLeads,
  listOverdue,
  mergeLeads,
  moveLead,
  reopenLead,
  scoreLead,
  setActivityDone,
  upsertLead,
} from './leads.service';

/** The leads CRM (issue 12). Receptionists manage and import; exporting is owner and manager. */
export const leadOps = {
  'leads.list': op({ input: listLeadsSchema, permission: 'leads.view', readonly: true, handler: listLeads }),
  'leads.get': op({
    input: leadIdSchema,
    permission: 'leads.view',
    readonly: true,
    handler: (ctx, input) => getLead(ctx, input.lead_id),
  }),
  'leads.upsert': op({ input: upsertLeadSchema, permission: 'leads.manage', handler: upsertLead }),
  'leads.move': op({
    input: moveLeadSchema,
    permission: 'leads.manage',
    handler: (ctx, input) => moveLead(ctx, input),
  }),
  'leads.reopen': op({ input: reopenLeadSchema, permission: 'leads.manage', handler: reopenLead }),
  'leads.addActivity': op({ input: addActivitySchema, permission: 'leads.manage', handler: addActivity }),
  'leads.setActivityDone': op({ input: activityDoneSchema, permission: 'leads.manage', handler: setActivityDone }),
  'leads.overdue': op({
    input: overdueSchema,
    permission: 'leads.view',
    readonly: true,
    handler: (ctx, input) => listOverdue(ctx, input.user_id),
  }),
  'leads.score': op({ input: scoreLeadSchema, permission: 'leads.manage', handler: scoreLead }),
  'leads.link': op({ input: linkLeadSchema, permission: 'leads.manage', handler: linkLead }),
  'leads.merge': op({ input: mergeLeadSchema, permission: 'leads.manage', handler: mergeLeads }),
  'leads.convert': op({ input: convertLeadSchema, permission: 'leads.manage', handler: convertLead }),
  'leads.attribution': op({
    input: attributionSchema,
    permission: 'leads.view',
    readonly: true,
    handler: (ctx, input) => attribution(ctx, input.from, input.to),
  }),
  'leads.config': op({
    input: z.object({}),
    permission: 'leads.view',
    readonly: true,
    handler: (ctx) => readLeadConfig(ctx.db),
  }),
  'leads.setConfig': op({ input: setLeadConfigSchema, permission: 'leads.manage', handler: writeLeadConfig }),
  'leads.import': op({ input: importLeadsSchema, permission: 'leads.import', handler: importLeads }),
  'leads.export': op({ input: exportLeadsSchema, permission: 'leads.export', readonly: true, handler: exportLeads }),
};
