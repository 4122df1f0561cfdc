import { Box, Text } from 'ink';
import type { Topology, TopologyNode } from '../../model/topology.js';
import { useTheme, type Theme } from '../theme.js';

/** Props of {@link HostDiagram}. */
export type HostDiagramProps = {
  readonly topology: Topology;
  readonly width: number;
  /** Lines available; the diagram switches to one line per host, then scrolls, to fit. */
  readonly height: number;
  /** Problems per node index (a port clash, a bad alias). */
  readonly marks?: ReadonlyMap<number, 'error' | 'warning'>;
};

/** The narrowest column of the column view; wider when an alias or address needs it. */
const minColumnWidth = 26;

function label(node: TopologyNode): string {
  return `${node.alias} :${node.port}`;
}

function mark(theme: Theme, level: 'error' | 'warning' | undefined, node: TopologyNode) {
  if (level)
    return {
      symbol: level === 'error' ? theme.symbols.error : theme.symbols.warning,
      color: level === 'error' ? theme.status.error : theme.status.warning,
    };
  return {
    symbol: node.mode === 'controller' ? theme.symbols.controller : ' ',
    color: node.mode === 'controller' ? theme.accent : undefined,
  };
}

/**
 * Hosts and their processes, controllers marked ◆ and clashes ✗: in columns when they fit, else
 * one line per host.
 *
 * @example
 * P1 10.0.0.80              P2 10.0.0.81              P3 10.0.0.82
 * ◆ controller1 :8800       ◆ controller2 :8800       ◆ controller3 :8800
 *   agent1 :8801              agent2 :8801              agent3 :8801
 *   datanode1 :8802           datanode2 :8802           datanode3 :8802
 */
export function HostDiagram({ topology, width, height, marks = new Map() }: HostDiagramProps) {
  const theme = useTheme();
  const indexed = topology.nodes.map((node, index) => ({ node, index }));
  const perHost = topology.hosts.map((host) => ({
    host,
    nodes: indexed.filter(({ node }) => node.host === host.name),
  }));
  // Wide enough for the longest line of a column (mark, alias and port; name and address), so the
  // column view cuts nothing; when that leaves too few columns, the line view continues lines.
  const columnWidth = Math.min(
    Math.max(width, 1),
    Math.max(
      minColumnWidth,
      ...topology.nodes.map((node) => 2 + label(node).length + 1),
      ...topology.hosts.map((host) => host.name.length + 1 + host.address.length + 1),
    ),
  );
  const columns = Math.max(1, Math.floor(width / columnWidth));
  const tallest = Math.max(0, ...perHost.map((h) => h.nodes.length));
  const bands = Math.ceil(perHost.length / columns);
  if (bands * (tallest + 1) + (bands - 1) <= height) {
    return (
      <Box flexDirection="column">
        {Array.from({ length: bands }, (_, band) => (
          <Box key={band} marginTop={band > 0 ? 1 : 0}>
            {perHost.slice(band * columns, band * columns + columns).map(({ host, nodes }) => (
              <Box key={host.name} flexDirection="column" width={columnWidth}>
                <Text bold wrap="truncate">
                  {host.name} <Text dimColor>{host.address}</Text>
                </Text>
                {nodes.map(({ node, index }) => {
                  const m = mark(theme, marks.get(index), node);
                  return (
                    <Text key={node.alias} wrap="truncate">
                      <Text color={m.color}>{m.symbol}</Text> {label(node)}
                    </Text>
                  );
                })}
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    );
  }
  // One host per line, its processes continued on the lines below when they do not fit: every
  // process stays visible, and hosts that do not fit are counted (e lists every process).
  const rows = perHost.map(({ host, nodes }) => ({
    host,
    lines: packLine(
      `${host.name} ${host.address.padEnd(15)}`,
      // As drawn: the mark (◆ ✗ !, or none) and `alias:port`.
      nodes.map(({ node, index }) => ({
        node,
        index,
        width: (marks.has(index) || node.mode === 'controller' ? 1 : 0) + label(node).length - 1,
      })),
      width,
    ),
  }));
  const total = rows.reduce((sum, row) => sum + row.lines.length, 0);
  const shown: typeof rows = [];
  let used = 0;
  for (const row of rows) {
    // The last line says how many hosts are left, unless every host fits.
    const room = total <= height ? height : height - 1;
    if (shown.length > 0 && used + row.lines.length > room) break;
    shown.push(row);
    used += row.lines.length;
  }
  return (
    <Box flexDirection="column">
      {shown.map(({ host, lines }) =>
        lines.map((line, lineIndex) => (
          <Text key={`${host.name}:${lineIndex}`} wrap="truncate-end">
            {lineIndex === 0 ? (
              <>
                <Text bold>{host.name}</Text> <Text dimColor>{host.address.padEnd(15)}</Text>
              </>
            ) : (
              line.indent
            )}
            {line.items.map(({ node, index }) => {
              const m = mark(theme, marks.get(index), node);
              return (
                <Text key={node.alias}>
                  {' '}
                  <Text color={m.color}>{m.symbol.trim()}</Text>
                  {label(node).replace(' :', ':')}
                </Text>
              );
            })}
          </Text>
        )),
      )}
      {shown.length < perHost.length ? (
        <Text dimColor>
          … {perHost.length - shown.length} more {perHost.length - shown.length === 1 ? 'host' : 'hosts'} (e
          lists every process)
        </Text>
      ) : null}
    </Box>
  );
}

/**
 * A host's processes in lines of at most `width` columns: the first after `prefix`, the others
 * indented as far (or by 2 when that leaves too little room). Each item takes its `width` plus the
 * space before it.
 */
export function packLine<T extends { readonly width: number }>(
  prefix: string,
  items: readonly T[],
  width: number,
): { readonly indent: string; readonly items: readonly T[] }[] {
  const start = [...prefix].length;
  const indent = ' '.repeat(width - start >= 20 ? start : 2);
  const lines: { indent: string; items: T[]; used: number }[] = [{ indent: '', items: [], used: start }];
  for (const item of items) {
    const line = lines[lines.length - 1] as { indent: string; items: T[]; used: number };
    const size = 1 + item.width;
    if (line.items.length > 0 && line.used + size > width)
      lines.push({ indent, items: [item], used: indent.length + size });
    else {
      line.items.push(item);
      line.used += size;
    }
  }
  return lines.map(({ indent: lineIndent, items: lineItems }) => ({ indent: lineIndent, items: lineItems }));
}
