/**
 * FormFields: a field's problem sits under it, whole while the field has the focus (its fix is
 * often at the end) and cut to one line otherwise; moving the focus onto a field re-measures it,
 * so the rows below never overlap the longer message.
 */
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { FormFields } from '../../source/ui/components/FormFields.js';
import type { FieldSpec } from '../../source/ui/form.js';

const warning =
  "9 nodes (controllers, data and compute nodes) exceed the community licence's 3: set server.license to an enterprise licence file, or the extra nodes will not start";
const fields: FieldSpec[] = [
  { key: 'name', label: 'Cluster name', kind: 'text', value: 'ddb' },
  { key: 'license', label: 'Licence file', kind: 'text', value: '', warning },
  { key: 'deployDir', label: 'Deploy directory', kind: 'text', value: '/opt/dolphindb' },
];

function frameAt(focus: number, then?: number): string {
  const form = (f: number) => (
    <Box width={80} flexDirection="column">
      <FormFields fields={fields} focus={f} />
    </Box>
  );
  const view = render(form(focus));
  if (then !== undefined) view.rerender(form(then));
  const frame = view.lastFrame() ?? '';
  view.unmount();
  return frame;
}

describe('FormFields', () => {
  it('cuts the problem of a field without the focus to one line', () => {
    const frame = frameAt(0);
    expect(frame).toContain('! 9 nodes (controllers, data and compute nodes) exceed the community licenc…');
    expect(frame).not.toContain('will not start');
  });

  it('shows the whole problem once the focus moves onto the field, the next row intact', () => {
    const frame = frameAt(0, 1);
    expect(frame.replace(/\s+/g, ' ')).toContain(`! ${warning}`);
    expect(frame).toMatch(/\n {2}Deploy directory {6}\/opt\/dolphindb$/);
  });
});
