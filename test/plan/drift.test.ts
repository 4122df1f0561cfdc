import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftOf, parseNodesFile, type NodesFileReading } from '../../source/plan/difference/drift.js';
import { loadTemplates } from '../../source/render/load-templates.js';
import { renderFiles } from '../../source/render/render-files.js';
import { edited, factsHaText, topologyOf } from './topologies.js';

const templates = loadTemplates(join(import.meta.dirname, '..', '..', 'templates'));
const ha = topologyOf(factsHaText);
const rendered = renderFiles(ha, { templates, toolVersion: '0.0.0-test' }).filter(
  (f) => f.kind === 'cluster.nodes',
);

/** Each controller's cluster.nodes as ddb-setup wrote it, found as `found(owner, text)` says. */
function readings(found: (owner: string, written: string) => string | undefined): NodesFileReading[] {
  return rendered.map((f) => ({
    host: f.host,
    owner: f.node ?? f.host,
    path: f.path,
    expected: f.contents,
    found: found(f.node ?? f.host, f.contents),
  }));
}

const datanode4 = '10.0.0.83:8802:datanode4,datanode\n';

describe('driftOf', () => {
  it('the rendered file is the one of facts §2.5, on each of the three controllers', () => {
    expect(rendered.map((f) => f.node)).toEqual(['controller1', 'controller2', 'controller3']);
    expect(parseNodesFile(rendered[0]?.contents ?? '')).toHaveLength(12);
  });

  it('finds nothing when every controller holds what ddb-setup wrote', () => {
    expect(
      driftOf(
        readings((_, written) => written),
        ha,
        'demo.yaml',
      ),
    ).toEqual([]);
  });

  it('a node added outside ddb-setup on every controller is one drift naming them all', () => {
    const drift = driftOf(
      readings((_, written) => written + datanode4),
      ha,
      'demo.yaml',
    );
    expect(drift).toEqual([
      {
        kind: 'added-outside',
        what: 'Not in demo.yaml, found on the servers: datanode4 on 10.0.0.83:8802 (datanode) in cluster.nodes of controller1, controller2, controller3 — added outside ddb-setup',
        fix: 'ddb-setup will not remove it: add it to demo.yaml, or remove it yourself',
      },
    ]);
  });

  it('a row the file run with writes itself is a change in progress, not drift; at another place it is', () => {
    const withNode = (port: number) =>
      edited(ha, (t) => {
        t.hosts.push({ name: 'P4', address: '10.0.0.83' });
        t.nodes.push(
          { alias: 'agent4', mode: 'agent', host: 'P4', port: 8801 },
          { alias: 'datanode4', mode: 'datanode', host: 'P4', port },
        );
      });
    // An interrupted deploy of the same file wrote cluster.nodes on one controller only.
    const inProgress = driftOf(
      readings((owner, written) =>
        owner === 'controller1' ? `${written}10.0.0.83:8801:agent4,agent\n${datanode4}` : written,
      ),
      withNode(8802),
      'demo.yaml',
    );
    expect(inProgress).toEqual([]);
    const elsewhere = driftOf(
      readings((_, written) => written + datanode4),
      withNode(8812),
      'demo.yaml',
    );
    expect(elsewhere.map((d) => d.kind)).toEqual(['added-outside']);
    expect(elsewhere[0]?.what).toMatch(/added outside ddb-setup, and demo\.yaml puts it elsewhere$/);
  });

  it('a controller the file moves, already moved in the files of an interrupted run, is not drift', () => {
    const moved = edited(ha, (t) => {
      t.hosts.push({ name: 'P4', address: '10.0.0.83' });
      const controller3 = t.nodes.find((n) => n.alias === 'controller3');
      if (controller3) controller3.host = 'P4';
    });
    const movedFile = renderFiles(moved, { templates, toolVersion: '0.0.0-test' }).find(
      (f) => f.kind === 'cluster.nodes',
    );
    // controller1's file was rewritten before the run stopped; the others still hold the old one.
    const drift = driftOf(
      readings((owner, written) => (owner === 'controller1' ? (movedFile?.contents ?? '') : written)),
      moved,
      'demo.yaml',
    );
    expect(drift).toEqual([]);
  });

  it('a row gone (a node deleted in the web manager) is drift; so is a file gone', () => {
    const drift = driftOf(
      readings((owner, written) =>
        owner === 'controller3'
          ? undefined
          : written.replace('10.0.0.82:8803:computenode3,computenode\n', ''),
      ),
      ha,
      'demo.yaml',
    );
    expect(drift.map((d) => d.kind)).toEqual(['file-missing', 'missing']);
    expect(drift[0]?.what).toBe(`${rendered[2]?.path} (cluster.nodes of controller3 on P3) is gone`);
    expect(drift[1]?.what).toBe(
      'computenode3 (computenode, 10.0.0.82:8803) is missing from cluster.nodes of controller1, controller2 — removed outside ddb-setup',
    );
  });

  it('controllers that no longer list the same nodes are told apart', () => {
    const drift = driftOf(
      readings((owner, written) => (owner === 'controller2' ? written + datanode4 : written)),
      ha,
      'demo.yaml',
    );
    expect(drift.map((d) => d.kind)).toEqual(['added-outside', 'controllers-disagree']);
    expect(drift[0]?.what).toContain('in cluster.nodes of controller2 — added outside');
  });

  it('does not count as drift what DolphinDB itself writes differently: CRLF, a computeGroup column, a trailing comma', () => {
    const rewritten = (written: string) =>
      written
        .replace('localSite,mode', 'localSite,mode,computeGroup')
        .split('\n')
        .map((line) => (line && !line.startsWith('localSite') ? `${line},` : line))
        .join('\r\n');
    expect(
      driftOf(
        readings((_, written) => rewritten(written)),
        ha,
        'demo.yaml',
      ),
    ).toEqual([]);
  });
});
