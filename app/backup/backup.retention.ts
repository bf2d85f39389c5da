/**
 * Automatic backup files are named `balcao-backup-2026-11-30T10-15-00Z.sqlite3`; a second one in
 * the same second gets `…Z-2.sqlite3` (`-3`…; a backup never overwrites another).
 */
const NAME = /^balcao-backup-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-(\d{1,4}))?\.sqlite3$/;

/** The `-n` of a same-second backup's name (1 for the plain name), to order them. */
function sameSecondNumber(name: string): number {
  return Number(NAME.exec(name)?.[7] ?? 1);
}

/** The file name of a backup taken at `at` (UTC, sortable). */
export function backupFileName(at: Date): string {
  return `balcao-backup-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z.sqlite3`;
}

/** When the backup named `name` was taken, or null when the name is not one of ours. */
export function backupTakenAt(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

/**
 * Which backups to delete under the rule: keep the last `keepLast` (30) plus, for each
 * calendar month (UTC) of the last `keepMonths` (12) before `now`, the newest backup of that
 * month. Everything else goes. Pure: takes names, returns names.
 */
export function expiredBackups(names: readonly string[], now: Date, keepLast = 30, keepMonths = 12): string[] {
  const dated = names
    .map((name) => ({ name, at: backupTakenAt(name) }))
    .filter((d): d is { name: string; at: Date } => d.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime() || sameSecondNumber(b.name) - sameSecondNumber(a.name));
  const keep = new Set(dated.slice(0, keepLast).map((d) => d.name));
  const oldestMonth = now.getUTCFullYear() * 12 + now.getUTCMonth() - (keepMonths - 1);
  const monthsSeen = new Set<number>();
  for (const d of dated) {
    const month = d.at.getUTCFullYear() * 12 + d.at.getUTCMonth();
    if (month < oldestMonth || monthsSeen.has(month)) continue;
    monthsSeen.add(month);
    keep.add(d.name);
  }
  return dated.filter((d) => !keep.has(d.name)).map((d) => d.name);
}
