import { op } from '../contract/define';
import { adjustStockSchema, countStockSchema, getStockSchema, receiveStockSchema } from './stock.schemas';
import { adjustStock, countStock, getStock, receiveStock } from './stock.service';

export const stockOps = {
  'stock.receive': op({ input: receiveStockSchema, permission: 'stock.manage', handler: receiveStock }),
  'stock.adjust': op({ input: adjustStockSchema, permission: 'stock.manage', handler: adjustStock }),
  'stock.count': op({ input: countStockSchema, permission: 'stock.manage', handler: countStock }),
  'stock.get': op({ input: getStockSchema, permission: 'user', readonly: true, handler: getStock }),
};
