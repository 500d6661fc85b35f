// Which resources hold personal data (a catalog item marked `personal`), so that a list page
// is written to the audit log only when it shows a person's data: a page of 灾情报送 is not a
// read of personal data, a page of 贫困户信息 is. Worked out once per catalog — the list is
// on a hot path, and the catalog changes only with a new version from the exchange.
import type { Catalog } from '../../common/catalog/types';

const byCatalog = new WeakMap<Catalog, ReadonlySet<string>>();

/** Codes of the resources with at least one personal item. */
export function personalResources(catalog: Catalog): ReadonlySet<string> {
  let codes = byCatalog.get(catalog);
  if (!codes) {
    codes = new Set(catalog.resources.filter((r) => r.items.some((item) => item.personal === true)).map((r) => r.code));
    byCatalog.set(catalog, codes);
  }
  return codes;
}
