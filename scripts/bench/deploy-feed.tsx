// The deploy screen under load, for scripts/bench-wizard.mjs (which bundles this file and runs it in
// a tmux terminal): the wizard's own DeployStep and DeployStore, fed by a synthetic engine with
// NODES steps each printing LINES_PER_SECOND lines for SECONDS seconds. It measures its own CPU
// and memory over the feed, then renders the expected final frame with renderToString for the
// driver to compare with what the terminal shows.
import { renderToString, render, Box } from 'ink';
import { writeFileSync } from 'node:fs';
import { useSyncExternalStore } from 'react';
import { templateTopology } from '../../source/model/template-topology.js';
import { sshPlanner } from '../../source/plan/modes/ssh.js';
import type { Step } from '../../source/plan/plan.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { DeployStore } from '../../source/ui/deploy/deploy-store.js';
import { useNow } from '../../source/ui/hooks/use-now.js';
import { useTerminalSize } from '../../source/ui/hooks/use-terminal-size.js';
import { createTheme, ThemeContext } from '../../source/ui/theme.js';
import { DeployStep } from '../../source/wizard/steps/DeployStep.js';

const [resultFile = '/dev/null', secondsArg = '30', hostsArg = '30'] = process.argv.slice(2);
const seconds = Number(secondsArg);
// 30 hosts (issue 16), one stream each: its package transfer; 10 hosts × 3 streams before.
const hostsCount = Number(hostsArg);
const perHost = hostsCount >= 30 ? 1 : 3;
const linesPerSecond = 100;
const total = seconds * linesPerSecond;

const topology = templateTopology({
  mode: 'cluster',
  name: 'bench',
  addresses: Array.from({ length: hostsCount }, (_, i) => `10.9.0.${i + 1}`),
  datanodes: 2,
});
const plan = sshPlanner.deploy({
  topology,
  files: renderFiles(topology, { templates: loadTemplates(), toolVersion: 'bench' }),
  packageSource: { kind: 'url', url: 'https://example.invalid/DolphinDB.zip', fileName: 'DolphinDB.zip' },
  licensePath: undefined,
  baseDir: '/',
});
const step = (id: string): Step => {
  const found = plan.steps.find((s: Step) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};
// The NODES streams: per host its package transfer, its config files and its agent's start.
const talkers = topology.hosts
  .flatMap((host, i) =>
    [`${host.name}/package`, `${host.name}/configure`, `start/agent${i + 1}`].slice(0, perHost),
  )
  .map(step);

const clock = () => Date.now();
const store = new DeployStore(plan, topology, { now: clock });
const theme = createTheme({ color: true });

function Screen() {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const now = useNow(clock, snapshot.running, 1000);
  const { rows } = useTerminalSize();
  return (
    <ThemeContext value={theme}>
      <Box flexDirection="column" width={80}>
        <DeployStep
          title={`bench (cluster) → ${hostsCount} hosts`}
          snapshot={snapshot}
          paneLog={(p) => store.paneLog(p)}
          now={now}
          rows={rows}
          isActive={false}
          onRetry={() => {}}
          onAbort={() => {}}
          onBack={() => {}}
          onResults={() => {}}
        />
      </Box>
    </ThemeContext>
  );
}

const app = render(<Screen />, { exitOnCtrlC: false, patchConsole: false });
store.beginRun();
for (const s of talkers) store.apply({ type: 'step-started', step: s });

const sent = new Map(talkers.map((s) => [s.id, 0]));
let peakRss = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
const feed = setInterval(() => {
  // Lines due so far at the exact rate, so every stream ends with exactly `total` lines.
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * linesPerSecond));
  for (const s of talkers) {
    for (let n = (sent.get(s.id) ?? 0) + 1; n <= due; n++)
      store.apply({ type: 'step-output', step: s, line: `${s.id} line ${n} of ${total}` });
    sent.set(s.id, due);
    if (s.action.type === 'transfer-package')
      store.apply({ type: 'step-progress', step: s, done: due, total, unit: 'bytes' });
  }
  if (due >= total) finish();
}, 10);

function finish(): void {
  clearInterval(feed);
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sample);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  // The end: every talker done but P10's files, which fail with a cause and a fix; the cluster steps are blocked.
  for (const s of talkers) {
    if (s.id === 'P10/configure')
      store.apply({
        type: 'step-failed',
        step: s,
        failure: {
          kind: 'command-failed',
          message: 'writing cluster.cfg failed (exit 1)',
          cause: 'the disk is full',
          fix: 'free space under /opt/dolphindb',
          logTail: ['No space left on device'],
        },
      });
    else store.apply({ type: 'step-finished', step: s, outcome: 'done' });
  }
  store.endRun({ ok: false, aborted: false });
  setTimeout(() => {
    const snapshot = store.getSnapshot();
    const expected = renderToString(
      <ThemeContext value={createTheme({ color: false })}>
        <Box flexDirection="column" width={80}>
          <DeployStep
            title={`bench (cluster) → ${hostsCount} hosts`}
            snapshot={snapshot}
            paneLog={() => []}
            now={Date.now()}
            rows={process.stdout.rows || 24}
            isActive={false}
            onRetry={() => {}}
            onAbort={() => {}}
            onBack={() => {}}
            onResults={() => {}}
          />
        </Box>
      </ThemeContext>,
      { columns: 80 },
    );
    const linesPerNode = talkers.map((s) => sent.get(s.id));
    writeFileSync(
      resultFile,
      JSON.stringify({
        wall,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakRss,
        heapUsed: process.memoryUsage().heapUsed,
        renders: snapshot.version,
        expected,
        linesPerNode,
        lastLog: store.paneLog('P1').at(-1),
      }),
    );
  }, 300);
}

process.on('SIGTERM', () => {
  app.unmount();
  process.exit(0);
});
