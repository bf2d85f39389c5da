import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance (its own registry, so tests can run several). */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    pushes: new Counter({
      name: 'sync_pushes_total',
      help: 'Push requests by outcome (ok or the error code)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    mutations: new Counter({
      name: 'sync_mutations_total',
      help: 'Mutations received by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'sync_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
