import { v7 } from 'uuid';

/** UUIDv7: made on the device, time-ordered, so ids sort by creation and never collide across devices. */
export function newId(): string {
  return v7();
}
