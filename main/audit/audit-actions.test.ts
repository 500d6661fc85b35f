// Every action the core appends has a sentence. The compiler holds most of it (AuditEvent's
// action is the AuditAction union, the sentences a Record over it); this reads the source as
// well, so an entry appended with a cast or through a plain string map cannot slip past.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_ACTION_INFO, AUDIT_KINDS, actionsOfKind, isAuditAction } from '../../common/contract';
import { describeEntry } from './describe';

const MAIN = join(process.cwd(), 'main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `action: 'x.y'`, `action: cond ? 'x.y' : 'x.z'` and the values of `Record<…, AuditAction>` maps. */
function appendedActions(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) for (const lit of m[1]!.matchAll(/'([a-z]+\.[a-zA-Z]+)'/g)) found.push(lit[1]!);
  for (const m of text.matchAll(/Record<\w+,\s*AuditAction>\s*=\s*\{([^}]*)\}/g)) for (const lit of m[1]!.matchAll(/'([a-z]+\.[a-zA-Z]+)'/g)) found.push(lit[1]!);
  return found;
}

test('every action appended anywhere under main/ is registered and has a sentence', () => {
  const seen = new Map<string, string>();
  for (const file of sources(MAIN)) for (const action of appendedActions(readFileSync(file, 'utf8'))) seen.set(action, file);
  assert.ok(seen.size >= 30, `only ${seen.size} actions found: the pattern no longer matches the code`);
  const names = { person: () => undefined, resource: () => undefined, recordResource: () => undefined };
  for (const [action, file] of seen) {
    assert.ok(isAuditAction(action), `${file} appends "${action}", which common/contract/audit-actions.ts does not list`);
    const d = describeEntry({ actor: 'a', role: 'clerk', action, target: '', outcome: 'success', detail: '{}' }, names);
    assert.notEqual(d.actionName.zh, '其他操作', action);
  }
});

test('each action belongs to exactly one kind, and every kind has actions', () => {
  const byKind = AUDIT_KINDS.flatMap((k) => actionsOfKind(k));
  assert.deepEqual([...byKind].sort(), [...AUDIT_ACTIONS].sort());
  for (const kind of AUDIT_KINDS) assert.ok(actionsOfKind(kind).length > 0, kind);
  for (const action of AUDIT_ACTIONS) assert.ok(AUDIT_ACTION_INFO[action].zh && AUDIT_ACTION_INFO[action].en, action);
});
