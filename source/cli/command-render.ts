import { resolve } from 'node:path';
import { backupStamp, exportRenderedFiles } from '../app/export-files.js';
import { loadTemplates } from '../render/load-templates.js';
import { renderFiles, type RenderedFile } from '../render/render-files.js';
import { plural } from '../model/plural.js';
import type { CommandEnv } from './command-env.js';
import { printIssues } from './command-validate.js';
import { issuesJson, paint } from './output.js';
import { parseFormat, parseOptions } from './parse-options.js';
import { issueLocation, readTopologyFile } from './read-topology.js';
import { toolVersion } from './tool-version.js';

/** `render -f FILE [-o DIR] [--format json]`. */
export function runRender(argv: readonly string[], env: CommandEnv): number {
  const { values } = parseOptions(
    'render',
    {
      file: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
    },
    argv,
  );
  const format = parseFormat(values.format, 'render');
  const checked = readTopologyFile(values.file, env.readStdin);
  if (checked.exitCode !== 0 || !checked.topology) {
    if (format === 'json')
      env.output.out(issuesJson(checked.issues, (issue) => issueLocation(checked, issue)));
    else printIssues(env.output, checked, env.output.err);
    env.output.err(
      `${paint(env.output, 'red', '✗')} nothing rendered: fix the errors above, then run again\n`,
    );
    return checked.exitCode;
  }
  printIssues(env.output, checked, env.output.err);
  const files = renderFiles(checked.topology, { templates: loadTemplates(), toolVersion });
  if (values.output !== undefined) exportFiles(resolve(env.cwd, values.output), files, env);
  if (format === 'json') {
    const json = files.map(({ host, node, kind, path, contents }) => ({ host, node, kind, path, contents }));
    env.output.out(`${JSON.stringify({ files: json }, null, 2)}\n`);
  } else if (values.output === undefined) {
    for (const file of files) {
      const owner = file.node === null ? file.kind : `${file.node}, ${file.kind}`;
      env.output.out(
        `${paint(env.output, 'bold', `==> ${file.host}:${file.path}`)} ${paint(env.output, 'dim', `(${owner})`)}\n${file.contents}\n`,
      );
    }
  }
  return 0;
}

/** Writes `DIR/<host>/<absolute path>` (app/export-files.ts) and says what it did. */
function exportFiles(root: string, files: readonly RenderedFile[], env: CommandEnv): void {
  const { written, unchanged, backups } = exportRenderedFiles(root, files, backupStamp(env.now()));
  for (const { file, backup } of backups) env.output.err(`kept the previous ${file} as ${backup}\n`);
  env.output.err(
    `${paint(env.output, 'green', '✓')} ${plural(written, 'file')} written to ${root}${unchanged ? `, ${unchanged} unchanged` : ''}\n`,
  );
}
