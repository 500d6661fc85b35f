// First-run setup: creates the database key, seals it into the key slots, and fills a new
// encrypted database with the node's identity, the sample catalog and the first admin.
// The database is built under a temporary name and renamed into place last, so a power
// cut mid-setup leaves a node that simply asks for setup again.
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { SessionUser } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import { validateCreditCode } from '../../common/catalog/credit-code';
import { validateDivisionCode } from '../../common/catalog/division-code';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { checkPasswordStrength, checkRecoveryPassphrase } from '../auth/password-policy';
import { openEncryptedDatabase } from '../store/database';
import { migrate } from '../store/migrate';
import { NodeMeta } from '../store/meta';
import { CatalogStore } from '../store/catalog-store';
import { UnitOfWork } from '../store/unit-of-work';
import { newDatabaseKey, sealWithHostIfPossible, writeKeySlots } from '../store/key-slots';
import { sealWithPassphrase } from '../../platform/passphrase-slot';
import { uuid7 } from '../store/uuid7';
import { buildNodeParts } from './services';
import type { DataPaths } from '../../platform/data-paths';
import type { KeyProtector } from '../../platform/key-protector';
import type { SessionStore } from '../auth/sessions';

import type { SetupInput } from '../api/runtime';

export async function initializeNode(
  input: SetupInput,
  paths: DataPaths,
  protector: KeyProtector,
  sessions: SessionStore,
  now: () => Date,
  appVersion: string,
): Promise<{ nodeId: string; hostKeyProtection: boolean }> {
  const identity = await checkSetupInput(input);
  const key = newDatabaseKey();
  try {
    const hostSlot = await sealWithHostIfPossible(key, protector);
    const slots = [await sealWithPassphrase(key, input.recoveryPassphrase), ...(hostSlot ? [hostSlot] : [])];
    rmSync(paths.databaseDuringSetup, { force: true });
    rmSync(`${paths.databaseDuringSetup}-wal`, { force: true });
    const db = openEncryptedDatabase(paths.databaseDuringSetup, key);
    const nodeId = uuid7(now().getTime());
    try {
      migrate(db);
      new UnitOfWork(db).transaction(() => {
        new NodeMeta(db).recordNewNode({ nodeId, unitName: input.unitName, creditCode: identity.creditCode, divisionCode: identity.divisionCode, createdAt: now().toISOString() });
        new CatalogStore(db).write(sampleCatalog);
      });
      const { services } = buildNodeParts(db, sessions, now, appVersion);
      const admin: SessionUser = { username: input.admin.username, displayName: input.admin.displayName, role: 'admin', unit: input.unitName };
      services.audit.append({ actor: admin.username, role: 'admin', action: 'node.setup', target: nodeId, outcome: 'success', detail: { unitName: input.unitName } });
      await services.accounts.create(admin, { ...admin, password: input.admin.password });
    } finally {
      db.close();
    }
    await writeKeySlots(paths.keySlots, { format: 1, slots });
    renameSync(paths.databaseDuringSetup, paths.database);
    return { nodeId, hostKeyProtection: hostSlot !== null };
  } finally {
    key.fill(0);
  }
}

export function isInitialized(paths: DataPaths): boolean {
  return existsSync(paths.database);
}

/** Checks everything before any file is written, reporting every problem at once. */
async function checkSetupInput(input: SetupInput): Promise<{ creditCode: string; divisionCode: string }> {
  const errors: { item: string; message: string }[] = [];
  const credit = validateCreditCode(input.creditCode);
  if (!credit.ok) errors.push({ item: 'creditCode', message: credit.message });
  const division = validateDivisionCode(input.divisionCode, 'either');
  if (!division.ok) errors.push({ item: 'divisionCode', message: division.message });
  const weakPassword = await checkPasswordStrength(input.admin.password, { ...input.admin, unit: input.unitName });
  if (weakPassword) errors.push({ item: 'admin.password', message: weakPassword });
  const weakPassphrase = await checkRecoveryPassphrase(input.recoveryPassphrase, input);
  if (weakPassphrase) errors.push({ item: 'recoveryPassphrase', message: weakPassphrase });
  if (!credit.ok || !division.ok || errors.length) {
    throw new ApiFailure('BAD_INPUT', `首次设置有 ${errors.length} 项需要修改`, errors);
  }
  return { creditCode: credit.value, divisionCode: division.value };
}
