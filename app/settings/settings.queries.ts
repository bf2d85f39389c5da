import type { Db } from '../db/db';
import { defineQuery, P } from '../db/prepared';

const settingByKey = defineQuery((q) => q.selectFrom('settings').select('value').where('key', '=', P[0]), {
  cachedFrom: ['settings'],
});

export function getSetting<T>(db: Db, key: string): T | undefined {
  const row = settingByKey.first(db, key);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function putSetting(db: Db, key: string, value: unknown, now: string): void {
  db.run(
    db.q
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now })),
  );
}
