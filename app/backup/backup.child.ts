/**
 * A separate process for backup.process.test.ts (run as `node --import tsx app/backup/backup.child.ts`):
 * - `backup DB OUT`: opens DB and writes a checked backup to OUT;
 * - `restore DB FROM STEP`: restores FROM over DB and stops forever at STEP (the test kills it there).
 * Prints `ready` and then `step:NAME` lines.
 */
import { openBalcao } from '../balcao';
import { restoreDatabase } from './backup.restore';
import { runBackup } from './backup.service';

const forever = () => new Promise<never>(() => setInterval(() => undefined, 1_000));

async function main(): Promise<void> {
  const [mode, db, file, pauseAt] = process.argv.slice(2);
  if (!db || !file) throw new Error('usage: backup|restore DB FILE [STEP]');
  if (mode === 'backup') {
    const app = await openBalcao(db);
    process.stdout.write('ready\n');
    await runBackup(app.db, 'cli', app.clock, file);
    app.close();
    process.stdout.write('step:done\n');
    return;
  }
  process.stdout.write('ready\n');
  await restoreDatabase(db, file, {
    now: new Date(),
    onStep: async (step) => {
      process.stdout.write(`step:${step}\n`);
      if (step === pauseAt) await forever();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
