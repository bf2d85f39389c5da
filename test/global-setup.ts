import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDeviceTemplate } from './device-template';
import { dropCentralTemplates } from './central-template';
import './vitest-provided';

/**
 * Once per `vitest run`: migrates the device template every test file copies, and names the
 * folder the central (PGlite, Postgres) templates are built into by the first test needing them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await buildDeviceTemplate();
  project.provide('deviceTemplate', template);
  const centralDir = mkdtempSync(join(tmpdir(), 'balcao-central-template-'));
  project.provide('centralTemplateDir', centralDir);
  return async () => {
    // A template database left on a shared server is only litter: warn, do not fail the run.
    await dropCentralTemplates(centralDir, process.env.TEST_DATABASE_URL || undefined).catch((error: unknown) =>
      console.warn('central template not dropped:', error),
    );
    rmSync(dirname(template), { recursive: true, force: true });
    rmSync(centralDir, { recursive: true, force: true });
  };
}
