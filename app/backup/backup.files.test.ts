import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBalcao } from '../balcao';
import { tempDbPath } from '../../test/helpers';
import { listBackupFiles } from './backup.files';

describe('listBackupFiles', () => {
  it('answers an empty list, not a fault, when the backup folder cannot be read', async () => {
    const path = tempDbPath();
    const app = await openBalcao(path);
    try {
      // The default folder (beside the database) is a file here: reading it fails with ENOTDIR.
      writeFileSync(join(dirname(path), 'backups'), 'not a folder');
      expect(listBackupFiles(app.db)).toEqual([]);
    } finally {
      app.close();
    }
  });
});
