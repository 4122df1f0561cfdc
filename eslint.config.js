// ESLint flat config. Besides the recommended rules it enforces the layering of the style guide
// (../shared/reference/ink-codebases.md §8.3) with the core `no-restricted-imports` rule:
//
//   cli → app → {wizard, ui} → model;  app → deploy → plan → {render, model};  checks → deploy/executors, model;
//   deploy, checks → remote (the shell-script library) → nothing;  store → deploy's event types;
//   render → model;  model → nothing.  Only deploy/executors talks SSH; deploy and checks never import React.
// The map behind these lines, with the path of one deploy through them: docs/architecture.md.
//
// ESLint does not merge a rule's options across config objects (the last matching object wins), so
// each folder's object below lists every restriction that applies to it.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Source folders; `model` and `render` may import only the ones below them. */
const sourceFolders = [
  'app',
  'checks',
  'cli',
  'deploy',
  'model',
  'plan',
  'remote',
  'render',
  'store',
  'ui',
  'wizard',
];

/** Imports of the given sibling source folders (`../render/x.js`, `../../ui/y.js`). */
const folders = (names, message) => ({ group: names.map((name) => `**/${name}/**`), message });

const ssh = {
  group: ['node-ssh', 'ssh2', 'ssh2/**'],
  message: 'Only source/deploy/executors/ talks SSH; take an Executor instead (style guide §8.3).',
};
const react = {
  group: ['react', 'react/**', 'react-dom', 'ink', 'ink/**', 'ink-*'],
  message: 'The engine never imports React or Ink: emit events through onEvent instead (style guide §8.1).',
};
const executors = {
  group: ['**/deploy/executors/**'],
  message: 'The UI never touches transports: it gets engine events through app/ (style guide §8.3).',
};
const noFs = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];
const noProcessOrNet = ['child_process', 'node:child_process', 'net', 'node:net'];
const builtins = (names, message) => names.map((name) => ({ name, message }));

/** What the engine (deploy/, checks/) never imports: its callers and the screens. */
const engineOutside = ['app', 'cli', 'ui', 'wizard', 'store'];
const deployOutside = 'deploy/ runs plans: it never imports app/, cli/, the UI or store/ (style guide §8.3).';

const renderImports = [
  folders(
    sourceFolders.filter((name) => name !== 'model' && name !== 'render'),
    'render/ imports only model/ (style guide §8.3).',
  ),
  ssh,
];
const readsOnlyTemplates =
  'Only render/load-templates.ts reads files; renderFiles is pure (style guide §8.3).';
const noRenderIo = 'render/ does no I/O besides reading templates/ (style guide §8.3).';

/** One config object per folder: `files`, plus the `paths`/`patterns` that are banned there. */
const layer = (files, { paths = [], patterns = [] }, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'media/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Allowed where a comment says why (style guide §8.9), hence only a warning.
      '@typescript-eslint/no-non-null-assertion': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript (scripts/, this file) runs on Node; name its globals for no-undef.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // The CLI writes through process.stdout.write (the output layer), never console.
    files: ['source/**'],
    rules: { 'no-console': 'error' },
  },

  // Layering. Every source file outside the executors: no SSH.
  layer(['source/**'], { patterns: [ssh] }, ['source/deploy/executors/**']),
  layer(['source/model/**'], {
    paths: builtins([...noFs, ...noProcessOrNet], 'model/ is pure: no I/O (style guide §8.1).'),
    patterns: [
      folders(
        sourceFolders.filter((name) => name !== 'model'),
        'model/ imports nothing else from source/ (style guide §8.3).',
      ),
      ssh,
    ],
  }),
  layer(
    ['source/render/**'],
    {
      paths: [...builtins(noFs, readsOnlyTemplates), ...builtins(noProcessOrNet, noRenderIo)],
      patterns: renderImports,
    },
    ['source/render/load-templates.ts'],
  ),
  layer(['source/render/load-templates.ts'], {
    paths: builtins(noProcessOrNet, noRenderIo),
    patterns: renderImports,
  }),
  layer(['source/plan/**'], {
    paths: [
      ...builtins(noFs, 'plan/ is pure: it describes work, the engine does it (style guide §8.1).'),
      ...builtins(noProcessOrNet, 'plan/ is pure: it describes work, the engine does it (style guide §8.1).'),
    ],
    patterns: [
      folders(
        sourceFolders.filter((name) => !['model', 'render', 'plan'].includes(name)),
        'plan/ imports only model/ and render/ (style guide §8.3).',
      ),
      ssh,
    ],
  }),
  layer(['source/remote/**'], {
    paths: builtins(
      [...noFs, ...noProcessOrNet],
      'remote/ builds shell scripts as text; the executors run them (style guide §8.1).',
    ),
    patterns: [
      folders(
        sourceFolders.filter((name) => name !== 'remote'),
        'remote/ is the bottom layer of the scripts: it imports nothing from source/.',
      ),
      ssh,
    ],
  }),
  layer(['source/deploy/**'], { patterns: [react, ssh, folders(engineOutside, deployOutside)] }, [
    'source/deploy/executors/**',
  ]),
  layer(['source/deploy/executors/**'], { patterns: [react, folders(engineOutside, deployOutside)] }),
  layer(['source/checks/**'], {
    patterns: [
      react,
      ssh,
      folders(
        [...engineOutside, 'plan'],
        'checks/ evaluates probes: it imports model/, remote/ and deploy/ only.',
      ),
    ],
  }),
  layer(['source/store/**'], {
    patterns: [
      react,
      ssh,
      folders(
        ['app', 'cli', 'ui', 'wizard', 'checks', 'plan'],
        'store/ keeps data: it imports model/ and deploy event types only.',
      ),
    ],
  }),
  layer(['source/ui/**', 'source/wizard/**'], { patterns: [executors, ssh] }),
);
