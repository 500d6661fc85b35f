// The helper every area declares its channels with, and the small input and output shapes
// more than one area uses (one definition each, so limits cannot drift between areas).
import { z } from 'zod';
import type { Access } from './roles';

/** A channel: the access it needs, the schema its input must pass, the schema its output is re-parsed with. */
export function channel<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O) {
  return { access, input, output };
}

export const nonEmpty = (max: number) => z.string().trim().min(1).max(max);

export const empty = z.strictObject({});
export const ok = z.object({ done: z.literal(true) });

export const page = z.number().int().min(1).max(1_000_000).default(1);
export const pageSize = z.number().int().min(1).max(200).default(20);
