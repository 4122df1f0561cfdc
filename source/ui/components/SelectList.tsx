import { Box, Text } from 'ink';
import { windowStart } from '../text-edit.js';
import { useTheme } from '../theme.js';

/** One choice of a {@link SelectList}. */
export type SelectItem = {
  readonly value: string;
  readonly label: string;
  /** A line under the label (what the choice means, when to pick it). */
  readonly description?: string;
  /** Text after the label, dimmed. */
  readonly detail?: string;
};

/** Props of {@link SelectList}. */
export type SelectListProps = {
  readonly items: readonly SelectItem[];
  readonly selected: number;
  /** Shows descriptions only for the selected item (compact) or for all. @default 'selected' */
  readonly descriptions?: 'selected' | 'all';
  /** Rows available; the list scrolls to keep the selection visible. @default all items */
  readonly height?: number;
};

/**
 * A vertical menu: the selected item carries a pointer (and the accent colour when colour is on).
 * Controlled: the screen moves `selected` with `moveSelection` and acts on Enter.
 */
export function SelectList({ items, selected, descriptions = 'selected', height }: SelectListProps) {
  const theme = useTheme();
  const size = height ?? items.length;
  const start = windowStart(selected, items.length, size);
  const visible = items.slice(start, start + size);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor> ↑ {start} more</Text> : null}
      {visible.map((item, offset) => {
        const index = start + offset;
        const isSelected = index === selected;
        const showDescription = item.description && (descriptions === 'all' || isSelected);
        return (
          <Box key={item.value} flexDirection="column">
            <Text wrap="truncate">
              <Text color={isSelected ? theme.accent : undefined} bold={isSelected}>
                {isSelected ? `${theme.symbols.pointer} ` : '  '}
                {item.label}
              </Text>
              {item.detail ? <Text dimColor> {item.detail}</Text> : null}
            </Text>
            {showDescription ? (
              <Box paddingLeft={4}>
                <Text dimColor>{item.description}</Text>
              </Box>
            ) : null}
          </Box>
        );
      })}
      {start + size < items.length ? <Text dimColor> ↓ {items.length - start - size} more</Text> : null}
    </Box>
  );
}
