// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layeringPlugin } from './scripts/layers.mjs';

const electronOnlyHere = [
  'main/index.ts',
  'main/shell/**',
  'main/adapters/electron/**',
  'main/ipc/register.ts',
  'main/preload/**',
];

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
            { name: 'electron', message: 'electron is only allowed in the shell (see docs/house-style.md)' },
          ],
        },
      ],
    },
  },
  {
    // Every import held against one allow-table (scripts/layers.mjs): anything not listed is an error.
    files: ['main/**/*.ts', 'common/**/*.ts', 'renderer/**/*.ts'],
    plugins: { clawkeeper: layeringPlugin },
    rules: { 'clawkeeper/layering': 'error' },
  },
  {
    // pure code shared by main and renderer: no Node, no DOM, nothing from either side
    files: ['common/**/*.ts'],
    rules: {
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
