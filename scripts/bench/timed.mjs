// What the benchmarks share: a timed command with marks, and the table of results.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * Runs a command to completion; resolves with its wall time and, for each named pattern in `marks`,
 * the time the last line matching it arrived. Rejects with the output on failure.
 */
export function timed(file, args, { env, marks = {} }) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const at = {};
    const take = (data) => {
      output += data;
      for (const line of String(data).split('\n'))
        for (const [name, pattern] of Object.entries(marks))
          if (pattern.test(line)) at[name] = performance.now() - start;
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - start, at, output })
        : reject(new Error(`${file} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/** One line per figure: name, seconds, and the note (ratio, PASS/OVER). */
export function printRows(rows, width) {
  for (const [name, ms, note] of rows)
    process.stdout.write(`${name.padEnd(width)}${`${(ms / 1000).toFixed(2)} s`.padStart(9)}   ${note}\n`);
}
