// The catalog has one definition, the zod schema; its TypeScript types are inferred from it.
// These tests hold both halves: the sample parses unchanged, the types carry every field of
// the schema (checked by the compiler: `npx tsc` fails if types.ts drifts), and the schema
// refuses what the validators could not handle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { catalogItemSchema, catalogResourceSchema, catalogSchema, ITEM_TYPES, UPDATE_CYCLES } from './schema';
import type { Catalog, CatalogItem, CatalogResource, ItemType, UpdateCycle } from './types';
import { sampleCatalog } from './sample-catalog';

// True only when A and B are the same type (not merely assignable one way).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// A property added to the schema's item or resource is a property of the type, and the
// type has no property the schema does not parse.
const itemKeys: Equal<keyof CatalogItem, keyof typeof catalogItemSchema.shape> = true;
const resourceKeys: Equal<keyof CatalogResource, keyof typeof catalogResourceSchema.shape> = true;
const itemType: Equal<CatalogItem, z.infer<typeof catalogItemSchema>> = true;
const catalogType: Equal<Catalog, z.infer<typeof catalogSchema>> = true;
const itemTypes: Equal<ItemType, (typeof ITEM_TYPES)[number]> = true;
const updateCycles: Equal<UpdateCycle, (typeof UPDATE_CYCLES)[number]> = true;

test('the inferred types match the schema (compile-time checks above)', () => {
  assert.deepEqual([itemKeys, resourceKeys, itemType, catalogType, itemTypes, updateCycles], [true, true, true, true, true, true]);
});

test('the sample catalog parses with the schema, nothing stripped or changed', () => {
  const parsed = catalogSchema.parse(sampleCatalog);
  assert.deepEqual(parsed, sampleCatalog);
});

test('an unknown item type is refused, naming where it is', () => {
  const resource = sampleCatalog.resources[0]!;
  const bad = {
    ...sampleCatalog,
    resources: [{ ...resource, items: [{ ...resource.items[0]!, type: 'email' }] }],
  };
  const result = catalogSchema.safeParse(bad);
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues.map((i) => i.path), [['resources', 0, 'items', 0, 'type']]);
});

test('an unknown update cycle or sharing type is refused', () => {
  const resource = sampleCatalog.resources[0]!;
  assert.equal(catalogResourceSchema.safeParse({ ...resource, updateCycle: 'hourly' }).success, false);
  assert.equal(catalogResourceSchema.safeParse({ ...resource, sharingType: 'public' }).success, false);
});

test('the division table is optional: a catalog without one (as older exchanges publish) still parses', () => {
  const { divisions: _left, ...older } = sampleCatalog;
  assert.deepEqual(catalogSchema.parse(older), older);
});

test('a division row with a code that is not 12 digits is refused, naming where it is', () => {
  const result = catalogSchema.safeParse({ ...sampleCatalog, divisions: [{ code: '469030', name: '琼中黎族苗族自治县' }] });
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues.map((i) => i.path), [['divisions', 0, 'code']]);
});
