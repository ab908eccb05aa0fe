// The import allow-table: for every source folder, the folders it may import from and the Node,
// Electron and npm modules it may use. Anything not listed is an error (`npm run lint`), dynamic
// `import()` and `require()` included; a folder missing from the table is an error too, so a new
// folder starts with nothing allowed. Imports inside one folder are always allowed.
//
//   imports  folders whose code (values and types) it may import
//   types    folders it may import types from only (`import type …`)
//   modules  bare specifiers it may import: a Node built-in (`node:path`) or an npm package name
//            (`zod` allows `zod/mini`)
//
// The floors of main/core, bottom up: kernel → formats → settings → discovery → resolution →
// health / writes →
// keeper / doctor / setup-token → notify → hosts (docs/architecture.md).
import { dirname, relative, resolve, sep } from 'node:path';

const core = (...names) => names.map((n) => (n === '' ? 'main/core' : `main/core/${n}`));
const NODE_ALL = [
  'node:child_process',
  'node:crypto',
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:module',
  'node:net',
  'node:os',
  'node:path',
  'node:url',
  'node:util',
];

export const LAYERS = {
  // ---- pure code shared by main and renderer: nothing from either side, no Node, no DOM
  common: { imports: [], modules: [] },

  // ---- the domain (pure TypeScript; ports as types only)
  'main/core/kernel': { imports: [], types: ['main/ports'], modules: ['node:path'] },
  'main/core/formats': { imports: core('kernel'), modules: ['zod', 'json5', 'jsonc-parser', 'dotenv'] },
  'main/core/settings': {
    imports: core('kernel', 'formats'),
    types: ['main/ports'],
    modules: ['zod', 'node:path'],
  },
  'main/core/discovery': {
    imports: core('kernel', 'formats', 'settings'),
    types: ['main/ports'],
    modules: ['node:path'],
  },
  // what the gateway sends, per release (docs/openclaw-resolution.md): pure, between discovery and health
  'main/core/resolution': {
    imports: core('kernel', 'formats', 'discovery'),
    types: ['main/ports'],
    modules: [],
  },
  'main/core/health': {
    imports: ['common', ...core('kernel', 'formats', 'settings', 'discovery', 'resolution')],
    types: ['main/ports'],
    modules: ['node:path'],
  },
  'main/core/writes': {
    imports: core('kernel', 'formats', 'discovery'),
    types: ['main/ports'],
    modules: ['node:path', 'node:util', 'jsonc-parser'],
  },
  'main/core/keeper': {
    imports: core('', 'kernel', 'formats', 'settings', 'discovery', 'health', 'writes'),
    types: ['main/ports'],
    modules: ['node:path', 'zod'],
  },
  'main/core/doctor': {
    imports: core('', 'kernel', 'formats', 'settings', 'discovery', 'health', 'writes'),
    types: ['main/ports'],
    modules: ['node:path'],
  },
  'main/core/setup-token': {
    imports: core('', 'kernel', 'formats', 'discovery', 'resolution', 'writes'),
    types: ['main/ports'],
    modules: ['node:path'],
  },
  'main/core/notify': {
    imports: ['common', ...core('', 'kernel', 'settings', 'health', 'keeper')],
    types: ['main/ports', ...core('formats')],
    modules: ['zod'],
  },
  'main/core/hosts': {
    imports: ['common', ...core('kernel', 'formats', 'resolution', 'health', 'notify')],
    types: ['main/ports'],
    modules: ['zod'],
  },
  'main/core/updates': { imports: core('kernel'), types: ['main/ports'], modules: [] },
  // the subscription's usage windows: which logins, when to read, the report field, the monitor
  'main/core/usage': {
    imports: ['common', ...core('kernel', 'formats', 'settings', 'discovery', 'health')],
    types: ['main/ports', 'main/core'],
    modules: ['zod', 'node:path'],
  },
  // contracts.ts: the shapes the faces and the core share
  'main/core': { imports: [], types: core('kernel', 'formats', 'settings', 'health', 'hosts'), modules: [] },

  // ---- ports: interfaces only
  'main/ports': { imports: [], types: core('kernel', 'notify'), modules: [] },

  // ---- adapters: one technology each
  'main/adapters/alerts': {
    imports: [...core('kernel', 'notify', 'settings'), 'main/ports'],
    modules: ['node:path', 'proper-lockfile'],
  },
  'main/adapters/keychain': { imports: [...core('kernel'), 'main/ports'], modules: ['@napi-rs/keyring'] },
  'main/adapters/log': { imports: [...core('kernel'), 'main/ports'], modules: [] },
  'main/adapters/node': {
    imports: [...core('kernel', 'formats'), 'main/ports'],
    modules: [...NODE_ALL, 'chokidar', 'electron-log', 'proper-lockfile', 'undici'],
  },
  'main/adapters/openclaw-cli': {
    imports: [...core('kernel'), 'main/ports'],
    modules: ['node:fs/promises', 'node:path'],
  },
  'main/adapters/sqlite': {
    imports: ['main/ports'],
    modules: ['node:fs/promises', 'node:os', 'node:path', 'node:url'],
  },
  'main/adapters/ssh': {
    imports: [...core('kernel'), 'main/ports'],
    modules: ['node:fs/promises', 'node:os', 'node:path', 'shell-quote'],
  },
  // containers reached with their engine's exec; shows commands the way ssh's hints do
  'main/adapters/exec': { imports: [...core('kernel'), 'main/ports', 'main/adapters/ssh'], modules: [] },

  // ---- one composition for both faces (no electron)
  'main/compose': {
    imports: [
      ...core(
        '',
        'kernel',
        'formats',
        'settings',
        'discovery',
        'resolution',
        'health',
        'writes',
        'keeper',
        'doctor',
      ),
      ...core('setup-token', 'notify', 'hosts', 'usage'),
      'main/adapters/alerts',
      'main/adapters/keychain',
      'main/adapters/node',
      'main/adapters/openclaw-cli',
      'main/adapters/sqlite',
      'main/adapters/ssh',
      'main/adapters/exec',
      'main/ports',
    ],
    modules: ['node:os', 'node:path'],
  },

  // ---- the CLI face
  'main/cli': {
    imports: [
      'common',
      'main/cli/commands',
      'main/compose',
      ...core(
        '',
        'kernel',
        'formats',
        'discovery',
        'health',
        'writes',
        'keeper',
        'setup-token',
        'notify',
        'hosts',
        'usage',
        'settings',
      ),
      'main/adapters/node',
      'main/adapters/ssh',
    ],
    types: ['main/ports'],
    // zod: output-schemas.ts, which only the build and the tests load
    modules: ['node:path', 'node:util', 'zod'],
  },
  'main/cli/commands': {
    imports: [
      'main/cli',
      'main/compose',
      ...core('', 'kernel', 'settings', 'discovery', 'health', 'keeper', 'doctor', 'setup-token', 'hosts'),
      ...core('usage'),
      'main/adapters/node',
      'main/adapters/ssh',
      'main/adapters/exec',
    ],
    types: ['main/ports'],
    modules: ['node:path', 'node:url', 'node:util'],
  },

  // ---- the Electron face
  'main/ipc': {
    imports: [...core('', 'kernel', 'settings', 'health', 'hosts'), 'main/shell'],
    types: ['main/ports', 'main/preload'],
    modules: ['zod', 'electron'],
  },
  'main/preload': { imports: [], types: ['main/ipc'], modules: ['electron'] },
  'main/shell': {
    imports: ['common', ...core('', 'kernel', 'health', 'hosts', 'notify'), 'main/ipc'],
    types: ['main/ports'],
    modules: ['electron', 'electron-updater', 'js-yaml', 'node:fs', 'node:path'],
  },
  // index.ts: the Electron composition root
  main: {
    imports: [
      'main/adapters/keychain',
      'main/adapters/log',
      'main/adapters/node',
      'main/compose',
      ...core('', 'kernel', 'updates'),
      'main/shell',
    ],
    types: ['main/ports', 'main/ipc'],
    modules: ['electron', 'electron-log', 'electron-updater', 'node:path'],
  },

  // ---- the window: UI only; types of the IPC contract, code from common
  renderer: { imports: ['common', 'renderer/views'], types: ['main/ipc'], modules: [] },
  'renderer/views': { imports: ['common', 'renderer'], types: ['main/ipc'], modules: [] },
};

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const toPosix = (p) => p.split(sep).join('/');

/** The table's folder for a file (its own folder), or null for files outside main/, common/, renderer/. */
export function folderOf(file) {
  const rel = toPosix(relative(ROOT, file));
  if (!/^(main|common|renderer)(\/|$)/.test(rel)) return null;
  return toPosix(dirname(rel));
}

/** `zod/mini` → `zod`, `@napi-rs/keyring` → itself, `node:fs/promises` → itself. */
function packageOf(spec) {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function check(context, node, spec, typeOnly) {
  const folder = folderOf(context.filename);
  if (folder === null) return;
  const layer = LAYERS[folder];
  if (!layer) {
    context.report({
      node,
      message: `${folder}/ is not in the import allow-table (scripts/layers.mjs): add it`,
    });
    return;
  }
  if (spec === null) {
    context.report({ node, message: 'a dynamic import must name its module literally (scripts/layers.mjs)' });
    return;
  }
  if (spec.startsWith('.')) {
    const target = folderOf(resolve(dirname(context.filename), spec));
    if (target === null || target === folder) return;
    if (layer.imports.includes(target)) return;
    if (typeOnly && (layer.types ?? []).includes(target)) return;
    const asType = (layer.types ?? []).includes(target) ? ' (types only: use `import type`)' : '';
    context.report({ node, message: `${folder}/ may not import ${target}/${asType} (scripts/layers.mjs)` });
    return;
  }
  if (layer.modules.includes(spec) || layer.modules.includes(packageOf(spec))) return;
  context.report({ node, message: `${folder}/ may not use '${spec}' (scripts/layers.mjs)` });
}

const literal = (source) =>
  source && source.type === 'Literal' && typeof source.value === 'string' ? source.value : null;

/** The ESLint rule that holds every import against the table. */
export const layeringRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(context, node, literal(node.source), typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(context, node, literal(node.source), node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(context, node, literal(node.source), node.exportKind === 'type');
      },
      ImportExpression(node) {
        check(context, node, literal(node.source), false);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          check(context, node, literal(node.arguments[0]), false);
      },
      TSImportType(node) {
        const arg = node.argument?.literal ?? node.argument;
        check(context, node, literal(arg), true);
      },
    };
  },
};

export const layeringPlugin = { rules: { layering: layeringRule } };
