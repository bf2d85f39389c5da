import { z } from 'zod';
import { op } from '../contract/define';
import { createUserSchema, updateUserSchema } from './user.schemas';
import { createUser, listUsers, updateUser } from './users.service';

export const userOps = {
  'users.list': op({ input: z.object({}), permission: 'users.manage', readonly: true, handler: listUsers }),
  'users.create': op({ input: createUserSchema, permission: 'users.manage', handler: createUser }),
  'users.update': op({ input: updateUserSchema, permission: 'users.manage', handler: updateUser }),
};
