import type { Catalog } from '../../common/catalog/types';
import type { Db } from './database';
import { getMeta, setMeta } from './meta';

// The catalog in force is kept in the database so a node keeps working offline with the
// version it last received; setup seeds it with the shipped sample catalog.

export class CatalogStore {
  constructor(private readonly db: Db) {}

  read(): Catalog {
    const json = getMeta(this.db, 'catalog');
    if (!json) throw new Error('no catalog stored on this node');
    return JSON.parse(json) as Catalog;
  }

  write(catalog: Catalog, serial?: number): void {
    setMeta(this.db, 'catalog', JSON.stringify(catalog));
    if (serial !== undefined) setMeta(this.db, 'catalog_serial', String(serial));
  }

  /** Publication number of the catalog in force (signed by the exchange); 0 for the shipped sample. */
  serial(): number {
    const n = Number(getMeta(this.db, 'catalog_serial') ?? '0');
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  }
}
