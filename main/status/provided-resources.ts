// Which catalog resources this unit provides (本单位提供的资源). Only those are judged for
// timeliness — the dashboard's 已逾期 and the quarterly report's 更新及时 — so a township that
// never registers 人口基础信息 is not "late" with it. The admin sets the list
// (status.setProvidedResources); until then it is every resource with at least one record
// registered (in force or withdrawn), which is what a unit evidently provides. The heartbeat
// reports the list, so the province sees what each unit answers for.
import type { Catalog } from '../../common/catalog/types';
import { ApiFailure } from '../../common/contract/api-failure';
import type { ProvidedResources } from '../../common/contract';
import type { StatusSources, StatusStore } from './status-sources';

export interface Provided {
  codes: ReadonlySet<string>;
  /** false: nobody set the list, the default (resources with records) applies. */
  setByAdmin: boolean;
}

/** The list in force, in catalog terms: codes no longer in the catalog drop out. */
export function providedResources(store: Pick<StatusStore, 'status' | 'records'>, catalog: Catalog): Provided {
  const inCatalog = catalog.resources.map((r) => r.code);
  const stored = parseCodes(store.status.providedResourcesJson());
  if (stored) return { codes: new Set(inCatalog.filter((c) => stored.has(c))), setByAdmin: true };
  const used = new Set(
    store.records
      .countsByResource()
      .filter((c) => c.n > 0)
      .map((c) => c.resourceCode),
  );
  return { codes: new Set(inCatalog.filter((c) => used.has(c))), setByAdmin: false };
}

/** As the contract gives it: the codes in catalog order, and whether the admin set them. */
export function providedView(provided: Provided, catalog: Catalog): ProvidedResources {
  return { resourceCodes: catalog.resources.map((r) => r.code).filter((c) => provided.codes.has(c)), setByAdmin: provided.setByAdmin };
}

/** Saves the admin's list (null: back to the default), with its audit entry, in one transaction. */
export function setProvidedResources(sources: StatusSources, actor: { username: string; role: string }, codes: readonly string[] | null): ProvidedResources {
  const catalog = sources.catalog();
  if (codes) {
    const known = new Set(catalog.resources.map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new ApiFailure('BAD_INPUT', `资源目录中没有这些资源：${unknown.join('、')}`, [{ item: 'resourceCodes', message: `资源目录中没有 ${unknown.join('、')}` }]);
  }
  const unique = codes ? [...new Set(codes)] : null;
  return sources.work.transaction(() => {
    sources.status.saveProvidedResources(unique);
    const names = new Map(catalog.resources.map((r) => [r.code, r.name]));
    sources.audit.append({
      actor: actor.username,
      role: actor.role,
      action: 'status.providedResources',
      target: 'dashboard',
      outcome: 'success',
      detail: unique ? { count: unique.length, resources: unique.map((c) => names.get(c) ?? c).join('、') } : { default: true },
    });
    return providedView(providedResources(sources, catalog), catalog);
  });
}

function parseCodes(json: string | undefined): Set<string> | null {
  if (json === undefined) return null;
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? new Set(value.filter((c): c is string => typeof c === 'string')) : null;
  } catch {
    return null;
  }
}
