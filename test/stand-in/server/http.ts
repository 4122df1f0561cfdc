/**
 * The HTTP side of the node's one port (facts §6.3): `GET /` serves the web console (static files
 * from `webRoot`, default `web` in the server directory: facts §1.1 "webRoot=web"), `GET /metrics`
 * the Prometheus text metrics (facts §6.3: cpuUsage, memoryUsed, memoryAlloc, diskFreeSpace,
 * avgLoad, runningJobs, queuedJobs, connectionNum… on every node incl. agents and controllers).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { STAND_IN_BANNER, VERSION_STRING } from './version.js';

export type HttpNode = {
  readonly alias: string;
  readonly mode: string;
  readonly webRoot: string;
  connections(): number;
};

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

function consolePage(node: HttpNode): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>DolphinDB (stand-in)</title></head>',
    '<body>',
    `<h1>DolphinDB web console: ${node.alias} (${node.mode})</h1>`,
    `<p><strong>${STAND_IN_BANNER}.</strong> This page stands in for the web console that a real`,
    'DolphinDB node serves on its port; there is no console behind it.</p>',
    `<p>version: ${VERSION_STRING}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}

function metrics(node: HttpNode): string {
  const used = process.memoryUsage();
  const load = loadavg()[0] ?? 0;
  const cpu = process.cpuUsage();
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, process.uptime() * 1000)) * 100;
  const gauges: [string, number][] = [
    ['cpuUsage', Math.min(100, cpuPercent / Math.max(1, cpus().length))],
    ['memoryUsed', used.heapUsed],
    ['memoryAlloc', used.rss],
    ['diskFreeSpace', freemem()],
    ['diskCapacity', totalmem()],
    ['avgLoad', load],
    ['runningJobs', 0],
    ['queuedJobs', 0],
    ['runningTasks', 0],
    ['queuedTasks', 0],
    ['connectionNum', node.connections()],
  ];
  return (
    gauges
      .map(
        ([name, value]) =>
          `# HELP ${name} ${name} of ${node.alias} (stand-in)\n# TYPE ${name} gauge\n${name} ${value}`,
      )
      .join('\n') + '\n'
  );
}

export function handleHttp(node: HttpNode, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const send = (status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'Content-Type': type, 'X-Stand-In': 'ddb-setup stand-in, not DolphinDB' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
  if (url.pathname === '/metrics') return send(200, 'text/plain; version=0.0.4', metrics(node));
  const root = resolve(node.webRoot);
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
  const file = normalize(join(root, relative));
  if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile())
    return send(200, types[extname(file)] ?? 'application/octet-stream', readFileSync(file));
  if (url.pathname === '/' || url.pathname === '/index.html')
    return send(200, types['.html'] ?? '', consolePage(node));
  return send(404, 'text/plain', 'not found\n');
}
