import { parseArgs } from 'node:util';
import { createEnrolmentCode, createTenant, revokeDevice } from './admin';
import { createApiKey, revokeApiKey } from './api/keys';
import { verifyCentralAudit } from './audit-verify';
import { defaultSyncDataDir, openCentral } from './db/central';
import { SyncError } from './errors';
import { acquireLock, adminSecret, readLock, releaseLock } from './lock';
import { startSyncServer } from './server';

type AdminCommand = 'create-tenant' | 'enrolment-code' | 'revoke-device' | 'api-key' | 'audit-verify';

const USAGE = `usage: npm run sync-server [-- serve]
       npm run -s sync-server -- create-tenant --name NAME [--json]
       npm run -s sync-server -- enrolment-code --tenant ID [--json]
       npm run -s sync-server -- revoke-device --device ID [--json]
       npm run -s sync-server -- api-key --tenant ID [--json]      (a new key, shown once)
       npm run -s sync-server -- api-key --revoke KEY_ID [--json]
       npm run -s sync-server -- audit-verify --tenant ID [--json]   (the central copy of the audit chains)
env: SYNC_PORT (5180), SYNC_HOST (127.0.0.1), DATABASE_URL (else PGlite in SYNC_DATA_DIR)`;

/** What an admin command sends to the running server, and its route. */
function adminRequest(command: AdminCommand, values: Record<string, string | undefined>) {
  if (command === 'create-tenant') return { route: 'tenants', body: { name: values.name } };
  if (command === 'enrolment-code') return { route: 'enrolment-codes', body: { tenant_id: values.tenant } };
  if (command === 'api-key') return { route: 'api-keys', body: { tenant_id: values.tenant, revoke: values.revoke } };
  if (command === 'audit-verify') return { route: 'audit-verify', body: { tenant_id: values.tenant } };
  return { route: 'revoke-device', body: { device_id: values.device } };
}

async function runLocally(command: AdminCommand, values: Record<string, string | undefined>, env: NodeJS.ProcessEnv) {
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : defaultSyncDataDir(env);
  if (dataDir) {
    const holder = readLock(dataDir);
    if (holder?.port) {
      const { route, body } = adminRequest(command, values);
      const response = await fetch(`http://127.0.0.1:${holder.port}/v1/admin/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminSecret(dataDir)}` },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } };
      if (!response.ok)
        throw new SyncError(response.status, answer.error?.code ?? 'error', answer.error?.message ?? '');
      return answer;
    }
    acquireLock(dataDir, null);
  }
  const central = await openCentral({ databaseUrl, dataDir });
  try {
    if (command === 'create-tenant') return await createTenant(central.db, values.name ?? '');
    if (command === 'enrolment-code') return await createEnrolmentCode(central.db, values.tenant ?? '');
    if (command === 'audit-verify') return { ...(await verifyCentralAudit(central.db, values.tenant ?? '')) };
    if (command === 'api-key') {
      return values.revoke
        ? await revokeApiKey(central.db, values.revoke)
        : await createApiKey(central.db, values.tenant ?? '');
    }
    return await revokeDevice(central.db, values.device ?? '');
  } finally {
    await central.close();
    if (dataDir) releaseLock(dataDir);
  }
}

function printResult(command: AdminCommand, result: Record<string, unknown>, json: boolean) {
  if (json) {
    const { expires_at: _expires, ...rest } = result;
    console.log(
      JSON.stringify(
        command === 'revoke-device' || command === 'api-key' || command === 'audit-verify' ? result : rest,
      ),
    );
    return;
  }
  if (command === 'create-tenant')
    console.log(
      `tenant ${String(result.tenant_id)}\nenrolment code ${String(result.enrolment_code)} (expires ${String(result.expires_at)})`,
    );
  else if (command === 'enrolment-code')
    console.log(`enrolment code ${String(result.enrolment_code)} (expires ${String(result.expires_at)})`);
  else if (command === 'audit-verify')
    console.log(
      result.ok
        ? `audit trail ok (${String(result.rows)} rows)`
        : `audit trail BROKEN at row ${String(result.first_bad_row)}: ${JSON.stringify(result.problem)}`,
    );
  else if (command === 'api-key' && typeof result.api_key === 'string')
    console.log(`API key ${result.api_key} (id ${String(result.key_id)}; shown only now)`);
  else console.log(`revoked ${String(result.revoked)} ${command === 'api-key' ? 'key(s)' : 'token(s)'}`);
}

/** The `sync-server` command line: serve (default) or one admin command. Returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      tenant: { type: 'string' },
      device: { type: 'string' },
      revoke: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'serve') {
    const server = await startSyncServer({
      port: env.SYNC_PORT ? Number(env.SYNC_PORT) : 5180,
      host: env.SYNC_HOST || '127.0.0.1',
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: defaultSyncDataDir(env),
    });
    console.error(`sync server on ${server.url} (${server.engine})`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  }
  if (
    command !== 'create-tenant' &&
    command !== 'enrolment-code' &&
    command !== 'revoke-device' &&
    command !== 'api-key' &&
    command !== 'audit-verify'
  ) {
    console.error(USAGE);
    return 2;
  }
  const missing = {
    'create-tenant': 'name',
    'enrolment-code': 'tenant',
    'revoke-device': 'device',
    'api-key': 'tenant',
    'audit-verify': 'tenant',
  }[command];
  if (!values[missing as 'name'] && !(command === 'api-key' && values.revoke)) {
    console.error(`--${missing} is required\n${USAGE}`);
    return 2;
  }
  try {
    const result: Record<string, unknown> = await runLocally(
      command,
      { name: values.name, tenant: values.tenant, device: values.device, revoke: values.revoke },
      env,
    );
    printResult(command, result, values.json);
    // A broken audit chain exits 4, as the desktop's `audit verify` does.
    return command === 'audit-verify' && result.ok === false ? 4 : 0;
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    if (values.json) console.log(JSON.stringify({ error: { code: error.code, message: error.message } }));
    else console.error(`${error.code}: ${error.message}`);
    return 1;
  }
}
