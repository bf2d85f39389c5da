import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const POOL_IDS = 512;
const pool = new Uint8Array(16 * POOL_IDS);
let next = POOL_IDS;

/** uuid keeps this state itself only when it draws its own random bytes; ours come from the pool. */
let lastMsecs = -Infinity;
let seq = 0;

/**
 * UUIDv7: made on the device, time-ordered, so ids sort by creation (also within one
 * millisecond, through the 31-bit sequence of RFC 9562 §6.2) and never collide across devices.
 * Random bytes come from a pooled buffer: a sale makes ~30 ids, and one randomFillSync call per
 * id cost more than the SQLite writes they name.
 */
export function newId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const random = pool.subarray(next * 16, next * 16 + 16);
  next++;
  const now = Date.now();
  if (now > lastMsecs) {
    // A random start with the top bit clear leaves room to count up within the millisecond.
    seq = (((random[6] ?? 0) & 0x7f) << 24) | ((random[7] ?? 0) << 16) | ((random[8] ?? 0) << 8) | (random[9] ?? 0);
    lastMsecs = now;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMsecs++;
  }
  return v7({ random, msecs: lastMsecs, seq });
}
