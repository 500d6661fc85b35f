// Column headers to catalog items. A header names an item by its name (户主公民身份号码) or
// its code (householder_id_number), as people type them: full-width letters, digits and
// brackets folded to half-width, spaces anywhere ignored (Excel headers often wrap or pad),
// and a leading or trailing * (templates mark required columns that way) dropped. Codes
// match case-insensitively. When the resource is not given, it is recognised from the
// headers: the resource whose required items are all present and which matches most columns.
import type { Catalog, CatalogItem, CatalogResource } from '../../common/catalog/types';
import { toHalfWidth } from '../../common/catalog/normalise';

export function headerKey(header: string): string {
  return toHalfWidth(header)
    .replace(/[\s\u200b\ufeff]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();
}

export function itemForHeader(resource: CatalogResource, header: string): CatalogItem | null {
  const key = headerKey(header);
  if (key === '') return null;
  return resource.items.find((item) => headerKey(item.name) === key || item.code.toLowerCase() === key) ?? null;
}

export interface HeaderMapping {
  /** Per column: the item it fills, or null (extra, headerless or a repeated column). */
  items: (CatalogItem | null)[];
  mapping: { header: string; itemCode: string | null; itemName: string | null }[];
  missingRequired: CatalogItem[];
  /** Headers that name no item (headerless columns are not listed). */
  extraColumns: string[];
  /** Chinese sentences about columns that need a look (e.g. two columns for one item). */
  problems: string[];
}

export function mapHeaders(resource: CatalogResource, headers: readonly string[]): HeaderMapping {
  const items: (CatalogItem | null)[] = [];
  const seen = new Map<string, string>();
  const extraColumns: string[] = [];
  const problems: string[] = [];
  for (const header of headers) {
    const item = itemForHeader(resource, header);
    if (item && seen.has(item.code)) {
      problems.push(`「${header}」和「${seen.get(item.code)}」两列都对应信息项「${item.name}」，只采用前一列`);
      items.push(null);
      extraColumns.push(header);
      continue;
    }
    if (item) seen.set(item.code, header);
    else if (headerKey(header) !== '') extraColumns.push(header);
    items.push(item);
  }
  const missingRequired = resource.items.filter((item) => item.required && !seen.has(item.code));
  return {
    items,
    mapping: headers.map((header, i) => ({ header, itemCode: items[i]?.code ?? null, itemName: items[i]?.name ?? null })),
    missingRequired,
    extraColumns,
    problems,
  };
}

export interface ResourceCandidate {
  resourceCode: string;
  matched: number;
  missingRequired: string[];
}

/** Resources the headers match at all, best first: complete ones, then by columns matched. */
export function rankResources(catalog: Catalog, headers: readonly string[]): ResourceCandidate[] {
  return catalog.resources
    .map((resource) => {
      const m = mapHeaders(resource, headers);
      return { resourceCode: resource.code, matched: m.items.filter(Boolean).length, missingRequired: m.missingRequired.map((i) => i.name) };
    })
    .filter((c) => c.matched > 0)
    .sort((a, b) => Number(a.missingRequired.length > 0) - Number(b.missingRequired.length > 0) || b.matched - a.matched);
}

/** The one resource the headers clearly belong to, or null (none complete, or a tie). */
export function recogniseResource(candidates: readonly ResourceCandidate[]): string | null {
  const [first, second] = candidates;
  if (!first || first.missingRequired.length > 0) return null;
  if (second && second.missingRequired.length === 0 && second.matched === first.matched) return null;
  return first.resourceCode;
}

/** How well a row looks like a header for these resources: the number of cells naming an item. */
export function headerScore(resources: readonly CatalogResource[], cells: readonly string[]): number {
  let best = 0;
  for (const resource of resources) {
    let score = 0;
    for (const cell of cells) if (itemForHeader(resource, cell)) score++;
    best = Math.max(best, score);
  }
  return best;
}
