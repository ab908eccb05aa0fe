// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronOnlyHere = [
  'main/index.ts',
  'main/shell/**',
  'main/adapters/electron/**',
  'main/ipc/register.ts',
  'main/preload/**',
];

const CORE_FOLDERS = [
  'kernel',
  'formats',
  'discovery',
  'health',
  'keeper',
  'doctor',
  'writes',
  'setup-token',
  'notify',
  'settings',
];
const CORE_BASE_PATHS = [
  'electron',
  'node:fs',
  'node:fs/promises',
  'fs',
  'node:child_process',
  'child_process',
];
const CORE_BASE_PATTERNS = [
  {
    group: ['**/adapters/**', '**/cli/**', '**/shell/**', '**/ipc/**', '**/compose/**', '**/renderer/**'],
    message: 'core imports only core, common and ports',
  },
];

/** A no-restricted-imports rule with the given paths and patterns. */
function restrict(paths, patterns) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

/** core/** is pure; kernel knows no domain; formats only the kernel; health judges, never acts. */
function coreBoundaries() {
  const others = (allowed) =>
    CORE_FOLDERS.filter((f) => !allowed.includes(f)).flatMap((f) => [`../${f}/**`, `../../${f}/**`]);
  const block = (files, extra, message) => ({
    files,
    rules: restrict(
      CORE_BASE_PATHS,
      extra.length ? [...CORE_BASE_PATTERNS, { group: extra, message }] : CORE_BASE_PATTERNS,
    ),
  });
  return [
    block(['main/core/**/*.ts'], [], ''),
    block(
      ['main/core/kernel/**/*.ts'],
      [...others(['kernel']), '../contracts.ts'],
      'core/kernel has no domain knowledge: it imports nothing else in core',
    ),
    block(
      ['main/core/formats/**/*.ts'],
      [...others(['kernel', 'formats']), '../contracts.ts'],
      'core/formats imports only the kernel',
    ),
    block(
      ['main/core/health/**/*.ts'],
      others(['kernel', 'formats', 'discovery', 'health', 'settings']),
      'core/health judges: it imports no keeper, doctor, writes or notify',
    ),
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // electron may only be imported by the shell (house-style: boundaries)
    files: ['**/*.ts'],
    ignores: electronOnlyHere,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'electron is only allowed in the shell (see house-style.md)' },
          ],
        },
      ],
    },
  },
  // Boundaries between the capability folders (house-style.md, "Boundaries, checked by a machine").
  // A later block replaces an earlier block's rule for the same files, so each carries the base.
  ...coreBoundaries(),
  {
    // the CLI and the tray are two faces of one composition (main/compose): neither imports the other
    files: ['main/cli/**/*.ts'],
    rules: restrict(
      ['electron'],
      [
        {
          group: ['**/shell/**', '**/ipc/**', '**/preload/**'],
          message: 'cli/ never imports the tray shell',
        },
      ],
    ),
  },
  {
    files: ['main/shell/**/*.ts'],
    ignores: [],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/**'], message: 'shell/ never imports the CLI; build services in main/compose' },
          ],
        },
      ],
    },
  },
  {
    // pure code shared by main and renderer: no Node, no DOM, nothing from either side
    files: ['common/**/*.ts'],
    rules: {
      ...restrict(
        ['electron'],
        [
          { group: ['node:*'], message: 'common/ is pure: no node:* (the renderer imports it)' },
          {
            group: ['**/main/**', '**/renderer/**'],
            message: 'common/ imports nothing from main or renderer',
          },
        ],
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['scripts/*.mjs', 'bin/*.mjs', 'test/fakes/*.mjs', 'test/bench/*.mjs', '*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setInterval: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
