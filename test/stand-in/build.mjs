// Builds the stand-in DolphinDB server (server/main.ts) into ONE executable file that starts with
// `#!/usr/bin/env node`: the `server/dolphindb` of the stand-in package (pack.mjs) and of the tests.
// The output is an ES module; Node runs an extensionless ES module file as one (module syntax
// detection), inside or outside a `"type": "module"` package.
//
// Usage: node test/stand-in/build.mjs [--version 2.00.11.3] --out FILE
import { build } from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Bundles the stand-in for one DolphinDB version into `outfile` (mode 0755).
 * @param {{ version?: string, outfile: string }} options
 * @returns {Promise<string>} the absolute path of the executable
 */
export async function buildStandIn({ version = '2.00.11.3', outfile }) {
  const out = resolve(outfile);
  mkdirSync(dirname(out), { recursive: true });
  await build({
    entryPoints: [join(here, 'server', 'main.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: {
      js: [
        '#!/usr/bin/env node',
        '// ddb-setup stand-in for the DolphinDB server: a TEST DOUBLE, not DolphinDB.',
        '// Built by test/stand-in/build.mjs from test/stand-in/server/*.ts.',
      ].join('\n'),
    },
    define: { __STAND_IN_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  chmodSync(out, 0o755);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const outfile = get('--out');
  if (!outfile) {
    process.stderr.write('usage: node test/stand-in/build.mjs [--version V] --out FILE\n');
    process.exit(2);
  }
  const path = await buildStandIn({ version: get('--version'), outfile });
  process.stdout.write(`built ${path}\n`);
}
