// The contract is assembled from its areas by object spread, which would let a later area
// silently replace an earlier area's channel of the same name. This holds the assembly:
// every area's channels appear exactly once, in the areas' order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANNEL_NAMES,
  auditChannels,
  backupChannels,
  channels,
  intakeChannels,
  recordsChannels,
  resourceStatusSchema,
  setupChannels,
  statusChannels,
  syncChannels,
} from '.';
import { catalogSchema, updateCycleSchema } from '../catalog/schema';

const areas = [setupChannels, recordsChannels, auditChannels, statusChannels, syncChannels, intakeChannels, backupChannels];

test('channels holds every area channel once, in the order of the areas', () => {
  assert.deepEqual(CHANNEL_NAMES, areas.flatMap((area) => Object.keys(area)));
  for (const area of areas) {
    for (const [name, entry] of Object.entries(area)) assert.equal(channels[name as keyof typeof channels], entry, name);
  }
});

test('the contract uses the catalog schema itself, not a copy', () => {
  assert.equal(channels['catalog.get'].output, catalogSchema);
  assert.equal(resourceStatusSchema.shape.updateCycle, updateCycleSchema);
});
