import { describe, expect, it } from 'vitest';
import { openTestApp } from '../../test/helpers';
import { ensureZoneOffsets, offsetMinutesAt } from '../analytics/tz';
import { localizer } from './report.store';

const wall = (ms: number, offsetMinutes: number) => {
  const s = new Date(ms + offsetMinutes * 60_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
};

describe('localizer (export wall times, cached per UTC hour)', () => {
  it('gives each instant its own offset across DST changes, half-hour zones and an offset change within an hour', async () => {
    const app = await openTestApp();
    const raw = app.db.raw;
    const store = raw.prepare(
      `INSERT INTO stores (id, code, name, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')`,
    );
    store.run('ny', 'NY', 'Nova York', 'America/New_York');
    store.run('in', 'IN', 'Índia', 'Asia/Kolkata');
    store.run('mid', 'MD', 'Meia hora', 'Test/Mid');
    ensureZoneOffsets(app.db);
    // A zone whose offset changes at 12:30 UTC: the hour 12 cannot be cached as a whole.
    raw.exec(`DELETE FROM analytics_tz_offsets WHERE zone = 'Test/Mid';
      INSERT INTO analytics_tz_offsets (zone, from_utc, offset_minutes) VALUES
        ('Test/Mid', '0000-01-01T00:00:00.000Z', -180), ('Test/Mid', '2026-10-01T12:30:00.000Z', -120);`);
    const local = localizer(app.db);

    // Every 7 minutes over New York's DST start and end (2026-03-08, 2026-11-01) and around 12:30.
    const checks: [string, string, string][] = [];
    for (const day of ['2026-03-08', '2026-11-01', '2026-10-01']) {
      const start = Date.parse(`${day}T00:00:00.000Z`);
      for (let ms = start; ms < start + 86_400_000; ms += 7 * 60_000 + 1_000) {
        const iso = new Date(ms).toISOString();
        checks.push([local(iso, 'ny'), iso, wall(ms, offsetMinutesAt('America/New_York', ms))]);
        checks.push([local(iso, 'in'), iso, wall(ms, 330)]);
        checks.push([local(iso, 'mid'), iso, wall(ms, iso >= '2026-10-01T12:30:00.000Z' ? -120 : -180)]);
        // An unknown store falls back to UTC−3.
        checks.push([local(iso, 'none'), iso, wall(ms, -180)]);
      }
    }
    expect(checks.filter(([got, , want]) => got !== want)).toEqual([]);
    expect(local('2026-11-01T05:30:00.000Z', 'ny')).toBe('2026-11-01 01:30:00'); // EDT
    expect(local('2026-11-01T06:30:00.000Z', 'ny')).toBe('2026-11-01 01:30:00'); // EST, the hour again
    expect(local('2026-10-01T12:29:59.000Z', 'mid')).toBe('2026-10-01 09:29:59');
    expect(local('2026-10-01T12:30:00.000Z', 'mid')).toBe('2026-10-01 10:30:00');
    // Not as toISOString writes it: the general path.
    expect(local('2026-10-01T12:00:00Z', 'in')).toBe('2026-10-01 17:30:00');
    expect(local('not a date', 'in')).toBe('not a date');
  });
});
