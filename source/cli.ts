import { readFileSync } from 'node:fs';
import { main } from './cli/main.js';
import { processOutput } from './cli/output.js';
import { interruptSignal, terminalConfirm, terminalScreen, terminalSecret } from './cli/terminal.js';
import { useUploadWorkers } from './deploy/executors/upload-pool.js';

// Package uploads run in worker threads from the built file beside this one (upload-pool.ts).
useUploadWorkers(new URL('./upload-worker.js', import.meta.url));

// The only place that exits the process (style guide §8.9). Let stdout drain first: a large
// `render --format json` piped into another program must arrive whole.
const confirm = terminalConfirm();
const askSecret = terminalSecret();
const screen = terminalScreen();
const code = await main(process.argv.slice(2), {
  output: processOutput(),
  readStdin: () => readFileSync(0, 'utf8'),
  cwd: process.cwd(),
  now: () => new Date(),
  ...(confirm ? { confirm } : {}),
  ...(askSecret ? { askSecret } : {}),
  ...(screen ? { screen } : {}),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  signal: interruptSignal(),
});
process.exitCode = code;
// Exit even when something still holds the event loop (a socket to a host that stopped answering):
// the command has finished. Standard output and error are flushed first.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
