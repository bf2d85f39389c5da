import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('makes distinct UUIDv7s ordered by their millisecond across pool refills', () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
    const stamps = ids.map((id) => id.replace(/-/g, '').slice(0, 12));
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('sorts ids made within the same millisecond in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
  });
});
