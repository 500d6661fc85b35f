// The catalog changes only when the exchange publishes a new one, so it is fetched once
// per login and shared by the register and records screens.
import { useEffect, useState } from 'react';
import { call, type ApiError, type Catalog, type Resource } from './api';
import { clearNodeDivisionCache } from './node-division';

let cached: Promise<Catalog | ApiError> | null = null;

function load(): Promise<Catalog | ApiError> {
  cached ??= call('catalog.get', {}).then((r) => {
    if (!r.ok) cached = null; // try again next time rather than remember a failure
    return r.ok ? r.value : r.error;
  });
  return cached;
}

/** Forget the catalog at logout: the next user may belong to a node with a newer one. */
export function clearCatalogCache(): void {
  cached = null;
  clearNodeDivisionCache();
}

export interface CatalogState {
  catalog: Catalog | null;
  error: ApiError | null;
  resourceByCode: (code: string) => Resource | undefined;
}

export function useCatalog(): CatalogState {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((r) => {
      if (!live) return;
      if ('resources' in r) setCatalog(r);
      else setError(r);
    });
    return () => {
      live = false;
    };
  }, []);
  return {
    catalog,
    error,
    resourceByCode: (code) => catalog?.resources.find((r) => r.code === code),
  };
}
