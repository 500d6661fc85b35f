// The API contract between the renderer and the core: channel names, the role each one
// needs, and zod schemas for what goes in and what comes out. Pure on purpose (no `node:`
// or `electron` imports) so the renderer, the Electron shell, the loopback bridge and the
// core all share one definition. The core validates every input against these schemas
// and re-parses every output, which also strips any field the schema does not name — a
// second guard against personal data reaching a role that must not see it.
//
// Each area (setup.ts, records.ts, …) declares its schemas and its channels with their
// access side by side; this file only assembles them and holds what is generic over all
// channels. It re-exports every area so callers import from `common/contract` alone.
import type { z } from 'zod';
import type { ApiResult } from './errors';
import { setupChannels } from './setup';
import { recordsChannels } from './records';
import { auditChannels } from './audit';
import { statusChannels } from './status';
import { syncChannels } from './sync';
import { intakeChannels } from './intake';
import { backupChannels } from './backup';

export * from './roles';
export * from './errors';
export * from './setup';
export * from './records';
export * from './audit';
export * from './status';
export * from './sync';
export * from './intake';
export * from './backup';
// The catalog's schema is the catalog's own (common/catalog); named here as well because
// the contract has always offered it.
export { catalogSchema, updateCycleSchema } from '../catalog/schema';

/** Every channel, in a fixed order (CHANNEL_NAMES follows it). Areas must not share a name. */
export const channels = {
  ...setupChannels,
  ...recordsChannels,
  ...auditChannels,
  ...statusChannels,
  ...syncChannels,
  ...intakeChannels,
  ...backupChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type InputOf<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Channels[C]['input']>;
export type OutputOf<C extends ChannelName> = z.output<Channels[C]['output']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** What the preload exposes as `window.edgeNode` and the loopback bridge imitates. */
export interface EdgeNodeBridge {
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>>;
}

/** The single IPC channel the preload uses; the shell relays it to the core. */
export const IPC_CALL_CHANNEL = 'edge-node:call';
