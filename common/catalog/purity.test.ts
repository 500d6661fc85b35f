// The catalog is imported by the renderer (browser) as well as the core (Node), so its
// code must not import node:, electron or anything outside this folder (zod aside: the
// catalog's schema is written in it, and it runs in both), nor touch the DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

test('catalog sources import only each other and zod', () => {
  assert.ok(sources.includes('validators.ts'));
  for (const file of sources) {
    const text = readFileSync(join(here, file), 'utf8');
    for (const m of text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? m[2]!;
      assert.match(spec, /^(\.\/[\w-]+|zod)$/, `${file} imports ${spec}`);
    }
    assert.doesNotMatch(text, /\b(window|document|process|require)\s*[.(]/, `${file} uses a host global`);
  }
});
