// Bundles source/cli.ts and everything it imports into dist/: the entry dist/cli.js plus one chunk
// per command (dist/chunks/), loaded only when that command runs, so `--version` and `--help` parse a
// few KiB instead of the whole program, and `validate` never parses the UI or the SSH library.
//
// Every runtime package is a devDependency on purpose: the published package has no dependencies,
// so `npx ddb-setup` downloads one tarball and starts without resolving hundreds of modules.
//
// Usage: node scripts/build.mjs
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
const entry = join(outdir, 'cli.js');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Ink imports `react-devtools-core` only when DEV=true, but a bundler follows the import anyway and
 * the package is not installed. Resolve it to a stub whose calls do nothing, so DEV=true is
 * harmless instead of a crash.
 */
const stubReactDevtools = {
  name: 'stub-react-devtools-core',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^react-devtools-core$/ }, (args) => ({
      path: args.path,
      namespace: 'stub',
    }));
    esbuild.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

// A stale chunk from an earlier build must not ship in the package.
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // The upload worker is a second entry: cli.ts names it (deploy/executors/upload-pool.ts), and the
  // two share chunks, so ssh2 is in the package once.
  entryPoints: {
    cli: join(root, 'source', 'cli.ts'),
    'upload-worker': join(root, 'source', 'deploy', 'executors', 'upload-worker.ts'),
  },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS packages (ssh2, node-ssh…) use require, __dirname and __filename, which ES
  // modules lack. The banner recreates them under names no bundled module declares; `require` keeps
  // its own name because esbuild's require shim looks for it (and so renames any clashing module
  // variable), while the other two reach the code through `define` below.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __ddbCreateRequire } from 'node:module';",
      "import { dirname as __ddbDirnameOf } from 'node:path';",
      "import { fileURLToPath as __ddbFileURLToPath } from 'node:url';",
      'const require = __ddbCreateRequire(import.meta.url);',
      'const __ddbFilename = __ddbFileURLToPath(import.meta.url);',
      'const __ddbDirname = __ddbDirnameOf(__ddbFilename);',
    ].join('\n'),
  },
  // ssh2 loads an optional native crypto addon inside try/catch; leave it to fail at run time.
  external: ['*.node'],
  plugins: [stubReactDevtools],
  define: {
    // Only free (undeclared) uses are replaced, that is CommonJS code's.
    __dirname: '__ddbDirname',
    __filename: '__ddbFilename',
    // React and Ink drop their development checks and warnings.
    'process.env.NODE_ENV': '"production"',
    // source/cli/tool-version.ts declares this constant; vitest.config.ts defines it for tests.
    __DDB_SETUP_VERSION__: JSON.stringify(version),
  },
  // Identifiers stay readable so a user's stack trace still names functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

chmodSync(entry, 0o755);

// The metafile (for https://esbuild.github.io/analyze/) goes in the conventional cache directory,
// not dist/, which is published.
const metafilePath = join(root, 'node_modules', '.cache', 'ddb-setup', 'esbuild-meta.json');
mkdirSync(dirname(metafilePath), { recursive: true });
writeFileSync(metafilePath, JSON.stringify(result.metafile));

// Size, and the five biggest packages in the bundle: the first place to look when it grows.
const bytesByPackage = new Map();
for (const output of Object.values(result.metafile.outputs)) {
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = match?.[1] ?? '(ddb-setup)';
    bytesByPackage.set(name, (bytesByPackage.get(name) ?? 0) + bytesInOutput);
  }
}
const chunkBytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('/cli.js'))
  .reduce((sum, [, output]) => sum + output.bytes, 0);
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const biggest = [...bytesByPackage].sort((a, b) => b[1] - a[1]).slice(0, 5);
process.stdout.write(
  `built ${relative(root, entry)} (ddb-setup ${version}): entry ${kib(statSync(entry).size)}, ` +
    `${Object.keys(result.metafile.outputs).length - 1} chunks ${kib(chunkBytes)}\n` +
    `  largest: ${biggest.map(([name, bytes]) => `${name} ${kib(bytes)}`).join(', ')}\n` +
    `  metafile: ${relative(root, metafilePath)}\n`,
);
