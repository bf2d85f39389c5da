/**
 * What test/global-setup.ts provides to every test file (`inject`). Its own module, imported by
 * the setup and the helpers, so every TypeScript project that compiles the helpers (the root
 * one, main/) sees the same declaration.
 */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty device database to copy (test/device-template.ts). */
    deviceTemplate: string;
    /** The folder the central templates are built into (test/central-template.ts). */
    centralTemplateDir: string;
  }
}
