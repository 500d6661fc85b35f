// Malformed inputs for one channel, derived from its zod input schema: the generic junk
// every door must refuse (null, numbers, arrays, 1 MiB strings, 1,000-deep nesting,
// prototype keys parsed from JSON, thousands of unknown keys) and, field by field, the
// wrong type, an oversized string and a hostile object in each declared field of an
// otherwise plausible input. At most MAX_PAYLOADS per channel; which field mutations are
// kept when there are more is decided by a seeded PRNG, so a failing run replays exactly.
import type { z } from 'zod';
import { mulberry32 } from '../../../sync/exchange/faults';

export const MAX_PAYLOADS = 20;
export const MIB = 1024 * 1024;

export interface Payload {
  /** What the payload is, for failure messages (never the payload itself: it may be 1 MiB). */
  label: string;
  value: unknown;
  /**
   * Well-formed for the schema by design — a big string within the field's declared limit
   * (a file's content), item codes a record's fields may carry — so it reaches the handler,
   * which must still refuse it.
   */
  reachesHandler?: boolean;
}

// The schema is walked through zod v4's public-but-internal `_zod.def`; only the few
// properties below are read, so a structural type is enough (zod exports no narrower one).
interface Def {
  type: string;
  shape?: Record<string, Walkable>;
  innerType?: Walkable;
  in?: Walkable;
  element?: Walkable;
  options?: Walkable[];
  keyType?: Walkable;
  valueType?: Walkable;
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp } } }[];
}
interface Walkable {
  _zod: { def: Def };
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
}

const defOf = (schema: Walkable): Def => schema._zod.def;

/** Wrappers that do not change what a value must look like. */
function unwrap(schema: Walkable): Walkable {
  const def = defOf(schema);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if ((def.type === 'readonly' || def.type === 'catch' || def.type === 'prefault') && def.innerType) return unwrap(def.innerType);
  return schema;
}

/** True when the key may be left out of an object (optional or defaulted). */
function omittable(schema: Walkable): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default';
}

/**
 * A plausible value: the right type, the smallest length, the first option. It need not pass
 * regexes or refinements; it is the background one field is then spoilt against, so that
 * the one wrong field is often the only thing wrong.
 */
export function plausible(schema: Walkable, depth = 0): unknown {
  if (depth > 8) return null;
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case 'string':
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'number':
      return Math.max(1, s.minValue ?? 1);
    case 'boolean':
      return false;
    case 'literal':
      return def.values?.[0] ?? null;
    case 'enum':
      return Object.values(def.entries ?? {})[0] ?? null;
    case 'nullable':
      return null;
    case 'optional':
    case 'default':
      return def.innerType ? plausible(def.innerType, depth + 1) : null;
    case 'array':
      return [];
    case 'record':
      return {};
    case 'union':
      return def.options?.[0] ? plausible(def.options[0], depth + 1) : null;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) if (!omittable(field)) out[key] = plausible(field, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

/** The declared fields of an object schema (the first branch of a union), with their schemas. */
function fieldsOf(schema: Walkable): [string, Walkable][] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'union' && def.options?.[0]) return fieldsOf(def.options[0]);
  return def.type === 'object' ? Object.entries(def.shape ?? {}) : [];
}

/** The type a field must have, seen through optional/nullable/default. */
function coreType(schema: Walkable): Def {
  let s = unwrap(schema);
  for (let i = 0; i < 8; i++) {
    const def = defOf(s);
    if (!['optional', 'nullable', 'default'].includes(def.type) || !def.innerType) return def;
    s = unwrap(def.innerType);
  }
  return defOf(s);
}

/** The string schema under optional/nullable/default, if the field is a string. */
function stringOf(schema: Walkable): Walkable | null {
  let s = unwrap(schema);
  for (let i = 0; i < 8; i++) {
    const def = defOf(s);
    if (def.type === 'string') return s;
    if (!['optional', 'nullable', 'default'].includes(def.type) || !def.innerType) return null;
    s = unwrap(def.innerType);
  }
  return null;
}

/**
 * A regex bounds a string's length when it is anchored at both ends and repeats nothing
 * without an upper bound (no `*`, `+` or `{n,}`): `^[0-9a-f]{32}$` does, `^a.*$` does not.
 */
function boundingRegex(schema: Walkable): boolean {
  return (defOf(schema).checks ?? []).some(({ _zod: { def } }) => {
    const source = def.check === 'string_format' && def.format === 'regex' ? def.pattern?.source : undefined;
    return source !== undefined && source.startsWith('^') && source.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(source);
  });
}

/**
 * Every string in an input schema that has neither a maximum length nor a bounding regex,
 * as paths (`admin.username`, `fields.<key>`): each is a door for a megabyte of junk.
 */
export function unboundedStrings(schema: z.ZodType): string[] {
  const found: string[] = [];
  const walk = (node: Walkable, path: string, depth: number) => {
    if (depth > 12) return;
    const s = unwrap(node);
    const def = defOf(s);
    const at = (part: string) => (path ? `${path}.${part}` : part);
    switch (def.type) {
      case 'string':
        if (s.maxLength == null && !boundingRegex(s)) found.push(path || '(the input)');
        return;
      case 'optional':
      case 'nullable':
      case 'default':
        if (def.innerType) walk(def.innerType, path, depth + 1);
        return;
      case 'array':
        if (def.element) walk(def.element, at('[]'), depth + 1);
        return;
      case 'record':
        if (def.keyType) walk(def.keyType, at('<key>'), depth + 1);
        if (def.valueType) walk(def.valueType, at('<value>'), depth + 1);
        return;
      case 'union':
        for (const option of def.options ?? []) walk(option, path, depth + 1);
        return;
      case 'object':
        for (const [key, field] of Object.entries(def.shape ?? {})) walk(field, at(key), depth + 1);
        return;
      default:
    }
  };
  walk(schema as unknown as Walkable, '', 0);
  return found;
}

/** Values of the wrong type for a field of this kind (JSON can carry all but NaN/Infinity; IPC carries those too). */
function wrongTypes(def: Def): { label: string; value: unknown }[] {
  switch (def.type) {
    case 'string':
      return [{ label: 'a number', value: 42 }, { label: 'an array', value: ['x'] }];
    case 'number':
      return [
        { label: 'a numeric string', value: '1' },
        { label: 'NaN', value: Number.NaN },
        { label: 'Infinity', value: Number.POSITIVE_INFINITY },
        { label: '2^60 + 0.5', value: 2 ** 60 + 0.5 },
        { label: '-1.5', value: -1.5 },
      ];
    case 'boolean':
      return [{ label: 'the string "true"', value: 'true' }, { label: '1', value: 1 }];
    case 'enum':
    case 'literal':
      return [{ label: 'an unknown option', value: 'no_such_option' }, { label: 'a number', value: 7 }];
    case 'array':
      return [{ label: 'an object', value: { 0: 'x', length: 1 } }, { label: 'a string', value: 'x' }];
    default:
      return [{ label: 'an array', value: [] }, { label: 'a string', value: 'x' }];
  }
}

/** An object nested `depth` levels deep ({ a: { a: … } }), built without recursion. */
export function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** An array nested `depth` levels deep. */
export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * A 1 MiB string made of a seeded 1 KiB chunk of awkward characters: Han, quotes, NUL,
 * markup, a lone surrogate, line breaks. One instance is shared by every payload.
 */
export function hugeString(random: () => number): string {
  const alphabet = ['中', '文', 'a', '"', "'", '\\', '\u0000', '<script>', '\ud800', '\n', '%s', '{', '}', ' ', '💥'];
  let chunk = '';
  while (chunk.length < 1024) chunk += alphabet[Math.floor(random() * alphabet.length)];
  return chunk.slice(0, 1024).repeat(1024);
}

/** Parses JSON text so `__proto__` arrives as an own key, as it does from the wire. */
const fromJson = (text: string): unknown => JSON.parse(text);

/** Adds keys, given as JSON members, in front of an object's own members, through JSON. */
function withJsonMembers(base: unknown, members: string): unknown {
  const rest = JSON.stringify(base ?? {}).slice(1);
  return fromJson(`{${members}${rest === '}' ? '' : ','}${rest}`);
}

const POLLUTER = '{"polluted":"yes","toString":"polluted","valueOf":1}';

export interface PayloadKit {
  random: () => number;
  huge: string;
}

const hugeBySeed = new Map<number, string>();

/** FNV-1a of a channel name: each channel gets its own stream, so adding one changes no other's picks. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The seeded randomness for one channel; the 1 MiB string is made once per seed and shared. */
export function payloadKit(seed: number, channel: string): PayloadKit {
  let huge = hugeBySeed.get(seed);
  if (huge === undefined) {
    huge = hugeString(mulberry32(seed));
    hugeBySeed.set(seed, huge);
  }
  return { random: mulberry32((seed ^ nameHash(channel)) >>> 0), huge };
}

/** Up to MAX_PAYLOADS malformed inputs for a channel whose input schema is `schema`. */
export function payloadsFor(schema: z.ZodType, kit: PayloadKit): Payload[] {
  const walkable = schema as unknown as Walkable;
  const base = plausible(walkable);
  const manyKeys: Record<string, number> = {};
  for (let i = 0; i < 2000; i++) manyKeys[`k${Math.floor(kit.random() * 1e9).toString(36)}_${i}`] = i;

  const generic: Payload[] = [
    { label: 'null', value: null },
    { label: 'a number', value: 42 },
    { label: 'a string', value: '{"looks":"like json"}' },
    { label: 'an array', value: [1, 'a', null] },
    { label: 'a 1 MiB string', value: kit.huge },
    { label: 'an object 1,000 deep', value: deepObject(1000) },
    { label: 'an array 1,000 deep', value: deepArray(1000) },
    { label: '__proto__ key (from JSON)', value: fromJson(`{"__proto__":${POLLUTER}}`) },
    { label: 'constructor.prototype keys (from JSON)', value: fromJson(`{"constructor":{"prototype":${POLLUTER}},"prototype":${POLLUTER}}`) },
    { label: 'a 1 MiB key', value: { [kit.huge]: 1 } },
    { label: '2,000 unknown keys', value: manyKeys },
    { label: 'a plausible input with an extra key', value: { ...(base as object), extra: 'x' } },
    { label: 'a plausible input with __proto__ and constructor keys', value: withJsonMembers(base, `"__proto__":${POLLUTER},"constructor":{"prototype":${POLLUTER}}`) },
  ];

  // Field by field: each mutation spoils one declared field of the plausible input.
  const perField: Payload[] = [];
  for (const [key, field] of fieldsOf(walkable)) {
    const def = coreType(field);
    const spoil = (label: string, value: unknown) => perField.push({ label: `${key}: ${label}`, value: { ...(base as object), [key]: value } });
    for (const wrong of wrongTypes(def)) spoil(wrong.label, wrong.value);
    if (def.type === 'string') {
      // Only a declared maximum of a megabyte or more makes the string legitimate; a string
      // with no maximum is a hole (and unboundedStrings names it).
      const limit = stringOf(field)?.maxLength ?? 0;
      if (limit >= kit.huge.length) perField.push({ label: `${key}: a 1 MiB string (within its limit)`, value: { ...(base as object), [key]: kit.huge }, reachesHandler: true });
      else spoil('a 1 MiB string', kit.huge);
    }
    spoil('an object 1,000 deep', deepObject(1000));
    spoil('an object with prototype keys (from JSON)', fromJson(`{"__proto__":${POLLUTER},"constructor":{"prototype":${POLLUTER}}}`));
    if (def.type === 'record') {
      spoil('a record with a 1 MiB key', { [kit.huge]: 'x' });
      // Any key is an item code to the schema (zod drops `__proto__` itself); the catalog check refuses unknown ones.
      perField.push({ label: `${key}: a record with __proto__ and constructor keys (from JSON)`, value: { ...(base as object), [key]: fromJson(`{"__proto__":"x","constructor":"x","prototype":"x"}`) }, reachesHandler: true });
      spoil('a record with an object value', { item: { toString: 'x' } });
    }
    if (def.type === 'array') spoil('an array of 100,000 items', new Array(100_000).fill('x'));
  }

  // Seeded pick of the field mutations that fit (Fisher–Yates on the PRNG).
  for (let i = perField.length - 1; i > 0; i--) {
    const j = Math.floor(kit.random() * (i + 1));
    [perField[i], perField[j]] = [perField[j]!, perField[i]!];
  }
  return [...generic, ...perField].slice(0, MAX_PAYLOADS);
}
