import type { Db } from '../db/db';

export function getSetting<T>(db: Db, key: string): T | undefined {
  const row = db.first(db.q.selectFrom('settings').select('value').where('key', '=', key));
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
