// The folder-level import graph of the source, and the cycles in it. A folder is a
// second-level folder (main/store, sync/client, common/catalog, formats/backup) or, where
// a top-level folder holds its files directly, that folder (platform, certs); everything
// under renderer/ is one folder, `renderer`. Tests (*.test.ts) are left out: a test may
// import anything, and its imports say nothing about how the product is layered.
//
// Imports are read with TypeScript's own pre-processor, so commented-out imports and
// strings are not imports, and static imports, `export … from`, `import type`, dynamic
// `import()`, type-position `import('…').T` and `require()` all are.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The top-level folders that hold the product's source (not test/, bench/, scripts/). */
export const SOURCE_ROOTS = ['common', 'platform', 'formats', 'certs', 'main', 'sync', 'renderer'] as const;

const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/;
const TEST_FILE = /\.test\.(ts|tsx|mts|cts)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'scratch', '.scratch']);

/** Folder → the folders it imports from (itself never included). */
export type FolderGraph = Map<string, Set<string>>;

/** Which folder a repo-relative, slash-separated file path belongs to. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'renderer') return 'renderer';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** The relative module specifiers `source` imports (bare package names are not folders). */
export function relativeSpecifiers(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => /^\.\.?(\/|$)/.test(s));
}

/**
 * The repo-relative file a relative specifier names, resolved the way the bundler setting
 * in tsconfig.json does (no extension, or a folder with an index). Falls back to the
 * specifier's own path when nothing on disk matches, which still names the right folder.
 */
export function resolveSpecifier(repoRoot: string, fromFile: string, specifier: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const candidates = [target, ...['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs'].map((ext) => target + ext), ...['index.ts', 'index.tsx'].map((i) => `${target}/${i}`)];
  for (const candidate of candidates) {
    try {
      if (statSync(path.join(repoRoot, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return target;
}

function sourceFiles(repoRoot: string, dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(repoRoot, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sourceFiles(repoRoot, rel);
    return SOURCE_FILE.test(e.name) && !TEST_FILE.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every folder that holds source (tests left out), sorted. */
export function sourceFolders(repoRoot: string): string[] {
  return [...new Set(SOURCE_ROOTS.flatMap((root) => sourceFiles(repoRoot, root)).map(folderOf))].sort();
}

/** One import that crosses folders, kept so a cycle can be explained file by file. */
export interface FolderEdge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

/** Every cross-folder import between source files under SOURCE_ROOTS. */
export function importEdges(repoRoot: string): FolderEdge[] {
  const roots = new Set<string>(SOURCE_ROOTS);
  const edges: FolderEdge[] = [];
  for (const file of SOURCE_ROOTS.flatMap((root) => sourceFiles(repoRoot, root))) {
    for (const specifier of relativeSpecifiers(readFileSync(path.join(repoRoot, file), 'utf8'))) {
      const target = resolveSpecifier(repoRoot, file, specifier);
      // Imports of test helpers, bench or scripts are another check's business (lint).
      if (!roots.has(target.split('/')[0]!)) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push({ from, to, file, specifier });
    }
  }
  return edges;
}

export function graphOf(edges: Iterable<{ from: string; to: string }>): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const { from, to } of edges) {
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

/**
 * The cycles of `graph`: one per strongly connected component of two or more folders,
 * each given as a closed walk (a → b → … → a) through that component so the message can
 * name the imports to remove. Sorted, so the output is stable.
 */
export function findCycles(graph: FolderGraph): string[][] {
  // Tarjan's strongly connected components; recursion is fine for a few dozen folders.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!)).map((component) => cycleThrough(graph, component));
}

/** A shortest closed walk from the component's first folder back to itself. */
function cycleThrough(graph: FolderGraph, component: string[]): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const walk = [v];
        while (walk[0] !== start) walk.unshift(cameFrom.get(walk[0]!)!);
        return [...walk, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component, start]; // unreachable for a strongly connected component
}

/** Each cycle as a walk, then the imports that make up each of its steps (three at most). */
export function describeCycles(cycles: string[][], edges: FolderEdge[]): string {
  return cycles
    .map((walk) => {
      const steps = walk.slice(1).map((to, i) => {
        const from = walk[i]!;
        const files = edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.file} imports '${e.specifier}'`);
        return `  ${from} → ${to}: ${files.slice(0, 3).join('; ')}${files.length > 3 ? ` (+${files.length - 3} more)` : ''}`;
      });
      return [`cycle: ${walk.join(' → ')}`, ...steps].join('\n');
    })
    .join('\n');
}
