// What every audit sentence is built from, shared by describe.ts and the files that word one
// family of entries (describe-access.ts): the entry, its parsed detail, who acted, the names
// looked up for codes, and the small helpers that read the detail and count in both languages.
import type { Bilingual } from '../../common/contract';
import type { AuditRow } from '../store/audit-repo';

/** Names the sentences use in place of codes. */
export interface AuditNames {
  /** Display name of an account; undefined when there is no such account. */
  person(username: string): string | undefined;
  /** Catalog name of a resource. */
  resource(code: string): string | undefined;
  /** Resource code of a record. */
  recordResource(id: string): string | undefined;
}

/** An entry as stored, without its place in the chain (seq, time, hash); detail is canonical JSON. */
export type AuditFacts = Omit<AuditRow, 'seq' | 'at' | 'hash'>;

export type Detail = Record<string, unknown>;

/** What a sentence is built from: the entry, its parsed detail and its subject. */
export interface Context {
  e: AuditFacts;
  d: Detail;
  /** Who acted, as the sentence names them. */
  who: Bilingual;
  ok: boolean;
  names: AuditNames;
}

export interface Sentence extends Bilingual {
  /** Overrides the entry's stored target (to hide it, or to name it better). */
  target?: string;
}

export const both = (zh: string, en: string): Sentence => ({ zh, en });

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "贫困户信息 1 条" / "1 贫困户信息 record": the record's resource, from the detail or the record itself. */
export function records(ctx: Context, code: string | undefined, n = 1): Bilingual {
  const name = code === undefined ? undefined : (ctx.names.resource(code) ?? code);
  if (!name) return { zh: `${n} 条记录`, en: plural(n, 'record') };
  return { zh: `${name} ${n} 条`, en: `${n} ${name} ${n === 1 ? 'record' : 'records'}` };
}

/** `「name」` around a file or subject; nothing when there is none. */
export const quoted = (name: string | undefined): Bilingual => (name ? { zh: `「${name}」`, en: ` "${name}"` } : { zh: '', en: '' });
