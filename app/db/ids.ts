import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const POOL_IDS = 512;
const pool = new Uint8Array(16 * POOL_IDS);
let next = POOL_IDS;

/**
 * UUIDv7: made on the device, time-ordered, so ids sort by creation and never collide across
 * devices. Random bytes come from a pooled buffer: a sale makes ~30 ids, and one
 * randomFillSync call per id cost more than the SQLite writes they name.
 */
export function newId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const random = pool.subarray(next * 16, next * 16 + 16);
  next++;
  return v7({ random });
}
