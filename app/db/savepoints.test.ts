import { describe, expect, it } from 'vitest';
import { openDatabase } from './open';
import { tempDbPath } from '../../test/helpers';

describe('Db.withoutSavepoints', () => {
  it('runs the transactions opened directly inside it bare, and deeper ones in savepoints', async () => {
    const db = await openDatabase(tempDbPath());
    db.raw.exec('CREATE TABLE t (v INTEGER)');
    const insert = (v: number) => db.raw.prepare('INSERT INTO t (v) VALUES (?)').run(v);
    const failing = (v: number) => () => {
      insert(v);
      throw new Error('refused');
    };
    db.transaction(() =>
      db.withoutSavepoints(() => {
        // Bare: the failed child's write stays (the caller must notice and roll back).
        expect(() => db.transaction(failing(1))).toThrow('refused');
        db.transaction(() => {
          insert(2);
          // One level deeper: a savepoint again, so this child's write is undone.
          expect(() => db.transaction(failing(3))).toThrow('refused');
        });
      }),
    );
    // Outside withoutSavepoints, nested transactions are savepoints as always.
    db.transaction(() => expect(() => db.transaction(failing(4))).toThrow('refused'));
    expect(db.raw.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2]);
    expect(() => db.withoutSavepoints(() => 0)).toThrow('no open transaction');
    db.close();
  });
});
