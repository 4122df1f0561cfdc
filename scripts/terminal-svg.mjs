// Terminal screens (tmux `capture-pane -e` text with SGR colour codes) as SVG: one still image, or
// an animated recording of several screens. Used by scripts/media.mjs.

const palette = {
  30: '#1e1e1e',
  31: '#e06c75',
  32: '#98c379',
  33: '#e5c07b',
  34: '#61afef',
  35: '#c678dd',
  36: '#56b6c2',
  37: '#dcdfe4',
  90: '#5c6370',
  91: '#e06c75',
  92: '#98c379',
  93: '#e5c07b',
  94: '#61afef',
  95: '#c678dd',
  96: '#56b6c2',
  97: '#ffffff',
};
const foreground = '#dcdfe4';
const background = '#1e2127';
const cell = { width: 8.4, height: 17 };

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Splits one captured line into runs of text with the same style. */
function runs(line) {
  const out = [];
  let style = { fg: undefined, bold: false, dim: false, inverse: false };
  let column = 0;
  // eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
  for (const part of line.split(/(\u001B\[[0-9;]*m)/)) {
    // eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
    const sgr = /^\u001B\[([0-9;]*)m$/.exec(part);
    if (sgr) {
      const codes = (sgr[1] || '0').split(';').map(Number);
      for (let i = 0; i < codes.length; i++) {
        const code = codes[i];
        if (code === 0) style = { fg: undefined, bold: false, dim: false, inverse: false };
        else if (code === 1) style = { ...style, bold: true };
        else if (code === 2) style = { ...style, dim: true };
        else if (code === 22) style = { ...style, bold: false, dim: false };
        else if (code === 7) style = { ...style, inverse: true };
        else if (code === 27) style = { ...style, inverse: false };
        else if (code === 39) style = { ...style, fg: undefined };
        else if (palette[code]) style = { ...style, fg: palette[code] };
        else if (code === 38 && codes[i + 1] === 5) i += 2;
        else if (code === 38 && codes[i + 1] === 2) i += 4;
      }
    } else if (part !== '') {
      out.push({ text: part, column, ...style });
      column += [...part].length;
    }
  }
  return out;
}

/** The SVG elements of one screen. */
function screenElements(screen) {
  const elements = [];
  screen.split('\n').forEach((line, row) => {
    const y = (row + 1) * cell.height - 4;
    for (const run of runs(line)) {
      const x = run.column * cell.width + 8;
      const width = [...run.text].length * cell.width;
      const fill = run.fg ?? foreground;
      if (run.inverse)
        elements.push(
          `<rect x="${x}" y="${y - cell.height + 4}" width="${width}" height="${cell.height}" fill="${fill}"/>`,
        );
      if (run.text.trim() === '') continue;
      const attributes = [
        `x="${x}"`,
        `y="${y}"`,
        `fill="${run.inverse ? background : fill}"`,
        run.bold ? 'font-weight="bold"' : '',
        run.dim ? 'opacity="0.6"' : '',
      ].filter(Boolean);
      elements.push(`<text ${attributes.join(' ')} xml:space="preserve">${escapeXml(run.text)}</text>`);
    }
  });
  return elements.join('');
}

function frame(columns, rows, body, extraStyle = '') {
  const width = columns * cell.width + 16;
  const height = rows * cell.height + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<style>text{font-family:'DejaVu Sans Mono','Menlo','Consolas',monospace;font-size:14px}${extraStyle}</style>`,
    `<rect width="100%" height="100%" rx="6" fill="${background}"/>`,
    `<g transform="translate(0 6)">${body}</g>`,
    '</svg>',
  ].join('\n');
}

/** One screen as an SVG image. */
export function screenSvg(screen, columns, rows) {
  return frame(columns, rows, screenElements(screen));
}

/**
 * Several screens as one animated SVG (CSS keyframes, no script): each shown for its `seconds`,
 * then the next; the recording loops.
 */
export function recordingSvg(screens, columns, rows) {
  const total = screens.reduce((sum, s) => sum + s.seconds, 0);
  let start = 0;
  const styles = [];
  const groups = screens.map((s, index) => {
    const from = (start / total) * 100;
    const to = ((start + s.seconds) / total) * 100;
    start += s.seconds;
    styles.push(
      `@keyframes f${index}{0%,${from.toFixed(3)}%{visibility:hidden}${from.toFixed(3)}%,${to.toFixed(3)}%{visibility:visible}${to.toFixed(3)}%,100%{visibility:hidden}}` +
        `.f${index}{visibility:hidden;animation:f${index} ${total}s step-end infinite}`,
    );
    return `<g class="f${index}"><rect width="100%" height="100%" fill="${background}"/>${screenElements(s.screen)}</g>`;
  });
  return frame(columns, rows, groups.join(''), styles.join(''));
}
