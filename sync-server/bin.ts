import { main } from './cli';

/** `npx tsx sync-server/bin.ts [command]` — see cli.ts. Serving keeps the process alive. */
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
