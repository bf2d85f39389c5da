/**
 * The suffix under which the analytics worker runs a sensitive read (issue 16's audit policy
 * names the operation, and the worker's connection cannot write the audit row; the main thread
 * writes it).
 */
export const OFFLOADED_SUFFIX = ':offloaded';
