/**
 * Fills `{{name}}` placeholders. A line holding only a placeholder whose value is empty is dropped,
 * so optional lines (such as an agent's `sites=`) leave no blank line behind; DolphinDB rejects a
 * config file whose first line is blank (facts §2.1). Unknown placeholders are a programming error.
 */
export function fillTemplate(name: string, text: string, values: Readonly<Record<string, string>>): string {
  const lookup = (key: string): string => {
    const value = values[key];
    if (value === undefined) throw new Error(`template ${name}: no value for {{${key}}}`);
    return value;
  };
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const only = /^\s*\{\{(\w+)\}\}\s*$/.exec(line);
    if (only) {
      const value = lookup(only[1] ?? '');
      if (value !== '') lines.push(...value.split('\n'));
      continue;
    }
    lines.push(line.replace(/\{\{(\w+)\}\}/g, (_, key: string) => lookup(key)));
  }
  return lines.join('\n');
}
