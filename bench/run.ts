import { report, type Measurement, type Verdict } from './harness';
import { dispatchBench } from './dispatch.bench';
import { catalogSearchBench } from './catalog-search.bench';
import { saleBench } from './sale.bench';
import { applyBench } from './apply.bench';
import { catalogImportBench } from './catalog-import.bench';
import { salesQueryBench } from './sales-query.bench';
import { agendaSlotsBench } from './agenda-slots.bench';
import { syncPushBench } from './sync-push.bench';
import { leadsImportBench } from './leads-import.bench';
import { analyticsBench } from './analytics.bench';
import { reportsBench } from './reports.bench';
import { syncPullBench } from './sync-pull.bench';
import { syncLiveBench } from './sync-live.bench';

/** `npm run bench [words…]`: each suite measures itself against a baseline in the same run. */
const suites: (() => Promise<{ measurements: Measurement[]; verdicts: Verdict[] }>)[] = [
  dispatchBench,
  saleBench,
  catalogSearchBench,
  applyBench,
  catalogImportBench,
  salesQueryBench,
  syncPushBench,
  agendaSlotsBench,
  leadsImportBench,
  analyticsBench,
  reportsBench,
  syncPullBench,
  syncLiveBench,
];

// `npm run bench -- sale apply` runs only the suites whose function name contains one of the words.
const only = process.argv.slice(2).map((w) => w.toLowerCase());
const chosen = only.length === 0 ? suites : suites.filter((s) => only.some((w) => s.name.toLowerCase().includes(w)));

let allOk = true;
for (const suite of chosen) {
  const { measurements, verdicts } = await suite();
  allOk = report(measurements, verdicts) && allOk;
}
process.exitCode = allOk ? 0 : 1;
