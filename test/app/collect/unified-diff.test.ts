import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../source/app/collect/unified-diff.js';

const names = { from: 'written/cluster.nodes', to: 'on-disk/cluster.nodes' };

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', names)).toBe('');
  });

  it('shows a line added at the top, with context and 1-based hunk ranges', () => {
    const diff = unifiedDiff(
      'localSite,mode\na:1:c1,controller\n',
      '\nlocalSite,mode\na:1:c1,controller\n',
      names,
    );
    expect(diff).toBe(
      [
        '--- written/cluster.nodes',
        '+++ on-disk/cluster.nodes',
        '@@ -1,3 +1,4 @@',
        '+',
        ' localSite,mode',
        ' a:1:c1,controller',
        ' ',
        '',
      ].join('\n'),
    );
  });

  it('keeps far-apart changes in separate hunks and shows a changed value as - then +', () => {
    const before = Array.from({ length: 20 }, (_, i) => `key${i}=${i}`).join('\n');
    const after = before.replace('key2=2', 'key2=two').replace('key17=17', 'key17=seventeen');
    const diff = unifiedDiff(before, after, names);
    expect(diff).toContain('@@ -1,6 +1,6 @@\n key0=0\n key1=1\n-key2=2\n+key2=two\n key3=3');
    expect(diff).toContain('@@ -15,6 +15,6 @@\n key14=14');
    expect(diff).toContain('-key17=17\n+key17=seventeen');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
  });

  it('shows a file emptied on disk as every line removed', () => {
    expect(unifiedDiff('a\nb', '', names)).toBe(
      '--- written/cluster.nodes\n+++ on-disk/cluster.nodes\n@@ -1,2 +1,1 @@\n-a\n-b\n+\n',
    );
  });
});
