import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The dependencies patched in patches/ (applied by patch-package at `npm install`, the
 * `postinstall` script) must be patched in node_modules: every line a patch adds is there.
 */
const ROOT = path.resolve(__dirname, '../..');
const patches = readdirSync(path.join(ROOT, 'patches')).filter((f) => f.endsWith('.patch'));

it('has patches to check', () => {
  expect(patches).toEqual(['type-graphql+2.0.0-rc.4.patch']);
});

it.each(patches)('%s is applied', (patch) => {
  const text = readFileSync(path.join(ROOT, 'patches', patch), 'utf8');
  for (const part of text.split(/^diff --git /m).slice(1)) {
    const file = /^a\/(\S+)/.exec(part)![1];
    const installed = readFileSync(path.join(ROOT, file), 'utf8');
    const added = part
      .split('\n')
      .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
      .map((l) => l.slice(1))
      .filter((l) => l.trim().length > 0);
    expect(added.length).toBeGreaterThan(0);
    for (const line of added) expect([file, installed.includes(line)]).toEqual([file, true]);
  }
});
