import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDeviceTemplate } from './device-template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty device database to copy (test/device-template.ts). */
    deviceTemplate: string;
  }
}

/** Once per `vitest run`: migrates the device template every test file copies. */
export default async function setup(project: TestProject): Promise<() => void> {
  const template = await buildDeviceTemplate();
  project.provide('deviceTemplate', template);
  return () => rmSync(dirname(template), { recursive: true, force: true });
}
