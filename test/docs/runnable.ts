import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runnable blocks of the docs: a fenced `sh` block right after a `<!-- runnable -->` line
 * (CONTRIBUTING.md). When the paragraph after it is `prints` and a plain fenced block follows,
 * that block is the output the command must print.
 */
export interface RunnableBlock {
  file: string;
  line: number;
  script: string;
  prints?: string;
}

/** README.md first, then docs/ in name order: the order a reader meets them. */
export function documentationFiles(root = '.'): string[] {
  return [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => join('docs', f)),
  ];
}

export function runnableBlocks(file: string, text = readFileSync(file, 'utf8')): RunnableBlock[] {
  const lines = text.split('\n');
  const blocks: RunnableBlock[] = [];
  const fence = (i: number) => /^(\s*)```(\S*)\s*$/.exec(lines[i] ?? '');
  /** The body of the fence opening at i (its indentation removed) and the line after it closes. */
  const body = (i: number): { text: string; end: number } => {
    const indent = fence(i)?.[1] ?? '';
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== '```') end++;
    const text = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
    return { text, end: end + 1 };
  };
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() !== '<!-- runnable -->') continue;
    const open = fence(i + 1);
    if (open?.[2] !== 'sh')
      throw new Error(`${file}:${i + 1}: <!-- runnable --> must stand right before a \`\`\`sh block`);
    const { text: script, end } = body(i + 1);
    let j = end;
    while ((lines[j] ?? '').trim() === '') j++;
    let prints: string | undefined;
    if ((lines[j] ?? '').trim() === 'prints') {
      j++;
      while ((lines[j] ?? '').trim() === '') j++;
      if (fence(j)?.[2] === '') prints = body(j).text;
    }
    blocks.push({ file, line: i + 2, script, prints });
  }
  return blocks;
}
