// A local ESLint plugin holding the import order of docs/architecture.md ("Tiers"): each
// source folder sits in one tier, and a file may import only from its own tier or the
// tiers below it, minus the folders its tier may not use. eslint.config.js gives each tier
// its own block (the files of that tier + `{ tier: '<name>' }`), so a wrong import fails
// `npm run lint` with a message saying what may import what and why.
// test/lint-boundaries.test.ts proves every tier rejects a planted wrong import.
//
// Why a local rule and not `no-restricted-imports`: that rule matches specifiers as written
// (`../../main/store/x`), so "no import into a higher tier" would need one hand-written
// pattern per depth and per folder. This rule resolves each relative specifier against the
// importing file first, so the answer depends only on the two folders.
import path from 'node:path';

// ---------------------------------------------------------------------------------------
// The tiers, bottom up. `rank` orders the ladder; the renderer and the reference exchange
// stand beside it and say which tiers they may use (`uses`). `rule` is the sentence every
// message about this tier ends with.

/** @type {{ name: string, rank?: number, folders: string[], uses?: string[], siblingsApart?: boolean, rule: string }[]} */
export const TIERS = [
  {
    name: 'common',
    rank: 1,
    folders: ['common'],
    uses: ['common'],
    rule: 'common/ is the shared vocabulary (catalog, API contract) that the renderer, the node and the exchange all import, so it stays pure and imports only other common/ files.',
  },
  {
    name: 'node-shared',
    rank: 2,
    folders: ['formats', 'sync/protocol', 'certs', 'platform'],
    rule: 'Tier 2 (formats/, sync/protocol, certs/, platform/) is shared by the node and the reference exchange, so it imports only common/ and tier 2, never main/ or sync/client.',
  },
  {
    name: 'store',
    rank: 3,
    folders: ['main/store'],
    rule: 'main/store (tier 3) holds every SQL statement and imports only common/ and tier 2; the concerns, main/api and main/core are built on top of it, never the other way round.',
  },
  {
    name: 'concerns',
    rank: 4,
    folders: ['main/auth', 'main/audit', 'main/records', 'main/sync', 'main/intake', 'main/backup', 'main/status', 'sync/client'],
    rule: 'The concerns (tier 4: main/auth, audit, records, sync, intake, backup, status and sync/client) use the store and each other (without cycles); main/api, main/core and the programs above are built on them, so a concern never imports those.',
  },
  {
    name: 'api',
    rank: 5,
    folders: ['main/api'],
    rule: 'main/api (tier 5) routes calls to the concerns; the composition root (main/core) builds the runtime and hands it in, so main/api never imports main/core, main/cli or the shell.',
  },
  {
    name: 'composition',
    rank: 6,
    folders: ['main/core'],
    rule: 'main/core (tier 6) is the one composition root: it imports every tier below it, and is started by main/cli and main/app, which it never imports.',
  },
  {
    name: 'programs',
    rank: 7,
    folders: ['main/cli', 'main/app', 'main/preload'],
    siblingsApart: true,
    rule: 'main/cli, main/app and main/preload (tier 7) are separate programs (the command line, the Electron main process, the sandboxed preload): each imports the tiers below, never one another.',
  },
  {
    name: 'renderer',
    folders: ['renderer'],
    uses: ['common'],
    rule: 'The renderer is a sandboxed browser page: it imports only common/ (the catalog and the API contract) and reaches everything else through window.edgeNode.',
  },
  {
    name: 'exchange',
    folders: ['sync/exchange'],
    uses: ['common', 'node-shared'],
    rule: 'sync/exchange is the reference provincial exchange, a separate program that is not packaged with the node: it imports only common/ and tier 2 (sync/protocol, formats/, certs/, platform/), never the node\'s main/ or sync/client.',
  },
];

// Modules one tier keeps to itself, with the only tiers (besides their own) that may use them.
const PRIVATE_MODULES = [
  {
    module: 'main/store/database',
    users: ['store', 'composition'],
    rule: 'Only main/store and the composition root (main/core) hold the raw database handle (main/store/database); concerns and main/api get typed repositories from main/store, so every SQL statement stays in the store.',
  },
];

// Top-level folders outside the product: they may import it, it never imports them.
const NOT_PRODUCT = ['test', 'bench', 'scripts', 'bin'];

const byName = new Map(TIERS.map((t) => [t.name, t]));

/** The tier and folder a repo-relative, slash-separated path belongs to (longest folder wins). */
export function tierOf(file) {
  let best;
  for (const tier of TIERS) {
    for (const folder of tier.folders) {
      if ((file === folder || file.startsWith(`${folder}/`)) && (!best || folder.length > best.folder.length)) best = { tier, folder };
    }
  }
  return best;
}

/** The folder a path is named by in messages: main/store, sync/client, common/catalog, platform. */
function folderOf(file) {
  const parts = file.split('/');
  if (parts[0] === 'renderer') return 'renderer';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

function describe(tier) {
  return tier.rank ? `tier ${tier.rank}, ${tier.name}` : tier.name;
}

/** Why `from` (a tier) may not import `target` (a repo-relative path), or undefined if it may. */
function verdict(from, fromPath, target) {
  const found = tierOf(target);
  const targetFolder = folderOf(target);
  if (!found) {
    const what = NOT_PRODUCT.includes(target.split('/')[0])
      ? `${targetFolder} is not product code: test/, bench/, scripts/ and bin/ import the product, never the other way round`
      : `${targetFolder} is in no tier: a new source folder first gets one in scripts/eslint-tiers.mjs, a block in eslint.config.js and a line in docs/architecture.md`;
    return from.uses ? `${what}. ${from.rule}` : `${what}.`;
  }
  const to = found.tier;
  if (folderOf(fromPath) !== targetFolder) {
    const message = (rule) => `${folderOf(fromPath)} (${describe(from)}) may not import ${targetFolder} (${describe(to)}). ${rule}`;
    if (to.name === 'renderer') return message('Nothing outside renderer/ imports it: the renderer is a client of the API contract, not a library.');
    if (to.name === 'exchange') return message('Only tests import sync/exchange: it is the reference provincial exchange, a separate program that is not packaged with the node.');
    if (from.uses && !from.uses.includes(to.name)) return message(from.rule);
    if (!from.uses && (!to.rank || to.rank > from.rank)) return message(from.rule);
    if (to.rank === from.rank && from.siblingsApart) return message(from.rule);
  }
  // A tier that may use the store may still not use what the store keeps to itself.
  const privateModule = PRIVATE_MODULES.find((p) => target.replace(/\.(ts|tsx|js|mjs)$/, '') === p.module);
  if (privateModule && from !== to && !privateModule.users.includes(from.name)) return privateModule.rule;
  return undefined;
}

// ---------------------------------------------------------------------------------------

const importOrder = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports go down the tiers of docs/architecture.md only, and only into folders the importing tier may use.' },
    schema: [
      {
        type: 'object',
        properties: { tier: { enum: TIERS.map((t) => t.name) } },
        required: ['tier'],
        additionalProperties: false,
      },
    ],
    messages: {
      wrongImport: '{{why}}',
      wrongTier: 'eslint.config.js checks this file as tier "{{configured}}", but scripts/eslint-tiers.mjs puts {{file}} in {{actual}}: make the two agree.',
    },
  },
  create(context) {
    const tier = byName.get(context.options[0].tier);
    const root = context.cwd;
    const file = path.relative(root, context.physicalFilename ?? context.filename).split(path.sep).join('/');

    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      // Package names (zod, node:fs) are the package rules' business in eslint.config.js.
      if (!/^\.\.?(\/|$)/.test(specifier)) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith('../')) return; // outside the repository: not ours to judge
      const why = verdict(tier, file, target);
      if (why) context.report({ node: source, messageId: 'wrongImport', data: { why } });
    };

    return {
      Program(node) {
        const actual = tierOf(file)?.tier;
        if (actual !== tier) context.report({ node, messageId: 'wrongTier', data: { configured: tier.name, file, actual: actual ? `"${actual.name}"` : 'no tier' } });
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
      // `import('../x').T` in a type position still ties the two folders together.
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node, node.expression),
      'CallExpression[callee.name="require"]': (node) => check(node, node.arguments[0]?.type === 'Literal' ? node.arguments[0] : undefined),
    };
  },
};

export default {
  meta: { name: 'edge-node-tiers' },
  rules: { 'import-order': importOrder },
};
