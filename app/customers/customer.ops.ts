import { op } from '../contract/define';
import {
  findCustomersSchema,
  getCustomerSchema,
  quickCreateCustomerSchema,
  updateCustomerDataSchema,
} from './customer.schemas';
import { findCustomers, getCustomer, quickCreateCustomer, upsertCustomer } from './customer.service';

export const customerOps = {
  'customers.upsert': op({
    input: updateCustomerDataSchema,
    permission: 'customers.manage',
    handler: upsertCustomer,
  }),
  'customers.quickCreate': op({
    input: quickCreateCustomerSchema,
    permission: 'customers.manage',
    handler: quickCreateCustomer,
  }),
  'customers.find': op({
    input: findCustomersSchema,
    permission: 'user',
    readonly: true,
    handler: findCustomers,
  }),
  'customers.get': op({
    input: getCustomerSchema,
    permission: 'user',
    readonly: true,
    handler: (ctx, input) => getCustomer(ctx, input.customer_id),
  }),
};
