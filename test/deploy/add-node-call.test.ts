import { describe, expect, it } from 'vitest';
import { addNodeCall } from '../../source/deploy/tasks/add-nodes.js';

const node = (alias: string, port: number) => ({ alias, host: 'P4', address: '10.0.0.83', port });

describe('addNodeCall', () => {
  it('adds a data node without nodeType, which 1.30 servers do not take', () => {
    expect(addNodeCall({ node: node('datanode4', 8802), mode: 'datanode' })).toBe(
      'addNode("10.0.0.83", 8802, "datanode4", false)',
    );
  });

  it('names the type of a compute node', () => {
    expect(addNodeCall({ node: node('computenode4', 8803), mode: 'computenode' })).toBe(
      'addNode("10.0.0.83", 8803, "computenode4", false, "computenode")',
    );
  });

  it('quotes the alias as a DolphinDB string', () => {
    expect(addNodeCall({ node: node('a"b', 1), mode: 'datanode' })).toBe(
      'addNode("10.0.0.83", 1, "a\\"b", false)',
    );
  });
});
