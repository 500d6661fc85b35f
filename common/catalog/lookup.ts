// Finding things in whichever catalog is in force (the exchange's, or the sample in demos
// and tests): kept apart from sample-catalog.ts so that callers do not import sample data.
import type { Catalog, CatalogResource } from './types';

/** The resource with this code, or undefined. */
export function findResource(catalog: Catalog, code: string): CatalogResource | undefined {
  return catalog.resources.find((r) => r.code === code);
}
