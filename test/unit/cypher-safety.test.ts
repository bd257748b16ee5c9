import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Cypher is never built from user input: values travel as parameters. This test reads every
 * source file, finds each template literal that is Cypher (a statement, a pattern, or a fragment
 * of a list spec), and checks that everything spliced into it is one of the expressions below,
 * whose values come only from fixed lists in code (labels, relationship types, property names,
 * sort directions, variable names, fragments of the list specs). No single letter is among them:
 * `${x}` says nothing of where x comes from.
 */
const SAFE_INTERPOLATIONS = new Set([
  // db/list-query.ts: labels, types and properties of the fixed ListSpec / RelationSpec objects
  'spec.label',
  'rel.fromLabel',
  'rel.type',
  'rel.orderBy',
  'property',
  'direction',
  'cmp',
  'value',
  'cursor',
  'arrow',
  'labelTest',
  'clauses(spec, fields)',
  'pageClauses',
  'pattern',
  "wheres.map((w) => `(${w})`).join(' AND ')",
  // db/list-query.ts and the list specs of the repositories: a fragment is a function of the names it is
  // given (FragmentNames: the listed node's variable and the filter map, `n` and `f` or `la<k>` and
  // `$la<k>`, made in code); a link filter's label and type, and its name (a key of its ListSpec, checked)
  'v.node',
  'v.filter',
  'arrowOf(link)',
  'link.label',
  'link.type',
  'field',
  // db/list-query.ts: parentPattern, a list's link filter from a bound parent, over variables made in code;
  // graphql/lookahead/planner.ts: the same names, and its relationship variables (`r<k>`)
  'item',
  'parent',
  'link',
  // db/list-query.ts: a page's LIMIT, an integer checked by literalLimit; its count subquery (built
  // from clauses()) or nothing, and the column that comes with it
  'literalLimit(first)',
  // db/list-query.ts: a page sorted by a nullable property (ListSpec order `nullable`): the cursor tests
  // and filter clauses of its two parts (with and without a value), built above from the names of this
  // list, and the page's statement put together from them
  'after',
  'cmpOrEqual',
  'valuedCursor',
  'unvaluedCursor',
  'unvaluedClauses',
  'page',
  'count',
  "counted ? ', total' : ''",
  // a label from a fixed list (missingIds, fetchByIds, tagNode, linkSubjects callers pass literals)
  'label',
  // customer.repository.ts, search.repository.ts, analytics.repository.ts: the consent test, over a fixed variable name
  'hasAnalyticsConsent(v.node)',
  "hasAnalyticsConsent('c')",
  "hasAnalyticsConsent('subject')",
  // customer.repository.ts: SINGLE_LINKS, a fixed table of relationship types and labels
  'type',
  // read-batcher.ts: read statements (each checked here where it is written) with renamed parameters,
  // their fixed column names, and the lists `r<index>` their rows come back in
  'body',
  'row',
  'lists[index]',
  "subqueries.join('\\n')",
  "lists.join(', ')",
  // deletion.repository.ts: ANY_DELETED, a constant clause (deletedExternalIds looks ids up only when a Deleted node exists)
  'ANY_DELETED',
  // interaction.repository.ts: NEW_PROPS and LINK_NEW, constant fragments shared by the two writer statements
  'NEW_PROPS',
  'LINK_NEW',
  // insight.repository.ts: KEEP_VERSION, the constant fragment keeping an insight's version before a change
  // (updateInsight, supersede, learning's updateLearned)
  'KEEP_VERSION',
  // analytics.repository.ts and learning/miners.ts: the consent and segment tests and shared constant fragments
  'CONSENT',
  // learning/miners.ts: constant Cypher fragments written out in the file (a customer's stratum, a customer's value)
  'STRATUM',
  'VALUE',
  "hasAnalyticsConsent('o')",
  'IN_SEGMENT',
  'HEALTH_FACTS',
  'EXPERT_TAIL',
  'CONSENTING_SUBJECTS',
  // learning/miners.ts: the as-of test of a HAS_NEED relationship, over a fixed variable name
  "HELD_BY_THEN('h')",
  "HELD_BY_THEN('ha')",
  "HELD_BY_THEN('hb')",
  // graphql/lookahead/planner.ts: projections built from the look-ahead hints (fixed in code): generated
  // variable names (`__la<k>`), the parent pattern of a list spec, a sort property of a spec, a direction
  // checked to be ASC or DESC, `$la<k>` parameter names; list-query.ts puts such a projection in a page statement
  'child.cypher',
  'dir',
  'limit',
  'out',
  'planned.cypher',
  'projection',
  'rel.toLabels[0]',
  'sort.property',
  // graphql/lookahead/planner.ts: a nested page's filter, the fragments of its list spec written by
  // nestedFilterClauses (list-query.ts) over a generated variable and a `$la<k>` parameter
  'filtered',
  // search.repository.ts: SOURCES, a fixed table of index names, labels and consent tests per SearchType
  's.index',
  's.label',
  's.param',
  's.where',
  "branches.join(' UNION ALL ')",
  // privacy.repository.ts: MAY_HOLD, the constant text filter over `$terms`; the constant clause that finds a
  // kept version's insight (or none)
  'MAY_HOLD',
  'owner',
  // import.repository.ts: LOCK_FOUND, the constant clause that write-locks the customers found, or nothing
  "label === 'Customer' ? LOCK_FOUND : ''",
  // deletion.repository.ts: labels and relationship types of its fixed lists (DELETABLE_LABELS, LINKED_LABELS,
  // LINK_TYPES), the fixed variables of a link's start and end node (n, o), and constant fragments built from
  // them: the deletion time, the decoding of saved properties, the single-link tests, the erased test, the
  // merged-record lookup, the version bump
  'DELETED_AT',
  'DECODE',
  'otherLabel',
  'start',
  'end',
  'single',
  'notErased',
  'survivor',
  'merged',
  // realtime/event-log.ts: the constant condition on the topic of a replay, or nothing
  "options.topic ? OF_TOPIC : ''",
  // deletion/live-lock.ts: LOCKABLE, a fixed table of the constant fragment that finds a merged need
  'LOCKABLE[label].alsoMerged',
  "versioned ? ', n.version = coalesce(n.version, 1) + 1' : ''",
  // import.repository.ts: a new record's first version, or nothing for a label without versions; the
  // constant clause that write-locks a merged record's survivor
  "versioned ? ', n.version = 1' : ''",
  "label === 'Customer' ? LOCK_SURVIVOR : ''",
  // merge.repository.ts: the trace label of a mergeable label and the live label of a trace label (fixed
  // tables), the constant lower-case key of the survivor's name or title, the constant fragment that keeps the
  // stronger of two holds of one need
  'lower',
  'KEEP_STRONGER_HOLD',
]);

/**
 * Text that is Cypher: a clause, a subquery expression, a relationship pattern, or a node pattern
 * with a spliced label. (An escape such as `\n` counts as a space: `\nRETURN` is a clause.)
 */
const CYPHER =
  /\b(MATCH|MERGE|UNWIND|RETURN|WHERE|WITH|CALL|ORDER BY|DETACH DELETE|CREATE CONSTRAINT)\b|\bSET [a-z]+\.|CREATE \(|\b(EXISTS|COUNT|COLLECT) \{|-\[[\w:]|\]->|<-\[|\((\w*|\$\{\}):\$\{\}[ )]/;

/** The names a list spec's fragment is given (db/list-query.ts): a template that splices one is Cypher, whatever else it says. */
const FRAGMENT_NAMES = ['v.node', 'v.filter'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The end of the string literal that starts at `i` (its quote: ' or "). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== text[i] && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Whether a `/` at `i` starts a regular expression (not a division): it follows an operator, a bracket or a keyword. */
function startsRegex(text: string, i: number): boolean {
  const before = text.slice(0, i).trimEnd();
  return before === '' || /[(,=:[!&|?{};+\-*%<>~^]$|\b(return|typeof|case|of|in)$/.test(before);
}

/** The end of the regular expression literal that starts at `i`. */
function skipRegex(text: string, i: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < text.length && text[j] !== '\n') {
    if (text[j] === '\\') j++;
    else if (inClass) inClass = text[j] !== ']';
    else if (text[j] === '[') inClass = true;
    else if (text[j] === '/') return j + 1;
    j++;
  }
  return j;
}

/** The template literal that starts at `i`, with the expressions spliced into it (nested templates kept whole), and its end. */
function template(text: string, i: number): { body: string; expressions: string[]; end: number } {
  let j = i + 1;
  const expressions: string[] = [];
  let body = '';
  while (j < text.length && text[j] !== '`') {
    if (text[j] === '\\') {
      body += ' ';
      j += 2;
      continue;
    }
    if (text[j] === '$' && text[j + 1] === '{') {
      let depth = 1;
      let k = j + 2;
      while (k < text.length && depth > 0) {
        if (text[k] === '{') depth++;
        else if (text[k] === '}') depth--;
        k++;
      }
      expressions.push(text.slice(j + 2, k - 1).trim());
      body += '${}';
      j = k;
      continue;
    }
    body += text[j++];
  }
  return { body, expressions, end: j + 1 };
}

/**
 * Template literals of a file, with the expressions spliced into them. Comments, strings and regular
 * expressions are skipped: a backtick in one of them starts no template (and hides none that follow).
 */
function templates(text: string): { body: string; expressions: string[] }[] {
  const out: { body: string; expressions: string[] }[] = [];
  const after = (end: string, from: number) => (text.indexOf(end, from) < 0 ? text.length : text.indexOf(end, from) + end.length);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = after('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = after('*/', i + 2);
    else if (c === "'" || c === '"') i = skipString(text, i);
    else if (c === '/' && startsRegex(text, i)) i = skipRegex(text, i);
    else if (c === '`') {
      const { body, expressions, end } = template(text, i);
      out.push({ body, expressions });
      i = end;
    } else i++;
  }
  return out;
}

/** The Cypher templates of a file (`file` relative to the repository), and what they splice that is not known to be safe. */
function scan(file: string, text: string): { checked: number; unsafe: string[] } {
  const allowed = SAFE_INTERPOLATIONS;
  let checked = 0;
  const unsafe: string[] = [];
  for (const t of templates(text)) {
    if (!CYPHER.test(t.body) && !t.expressions.some((e) => FRAGMENT_NAMES.includes(e))) continue;
    checked++;
    for (const e of t.expressions) if (!allowed.has(e)) unsafe.push(`${file}: \${${e}}`);
  }
  return { checked, unsafe };
}

const root = path.join(__dirname, '..', '..');
const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');

describe('Cypher in the sources', () => {
  const files = sources(path.join(root, 'src'));

  it('splices nothing but fixed names from code into Cypher text', () => {
    const unsafe: string[] = [];
    let checked = 0;
    for (const file of files) {
      const found = scan(relative(file), readFileSync(file, 'utf8'));
      checked += found.checked;
      unsafe.push(...found.unsafe);
    }
    expect(unsafe).toEqual([]);
    expect(checked).toBeGreaterThan(20); // the scan does find the Cypher
  });

  it('catches a value spliced into a statement, a pattern or a list fragment, and a single letter anywhere', () => {
    const hostile = [
      '/** A comment with an odd backtick (`) hides nothing that follows. */',
      "const byName = `MATCH (c:Customer) WHERE c.name = '${args.name}' RETURN c`;",
      "const spec = { filters: { name: { where: (v) => `${v.node}.name = '${input.name}'` } } };",
      'const link = `(c)-[:${input.type}]->(o)`;',
      'const batch = `CALL () {\\n  CALL () { ${body} }\\n}\\nRETURN ${k}`;',
      'const node = `MATCH (${m}) RETURN 1`;',
    ].join('\n');
    expect(scan('src/modules/x/x.repository.ts', hostile)).toEqual({
      checked: 5,
      unsafe: [
        'src/modules/x/x.repository.ts: ${args.name}',
        'src/modules/x/x.repository.ts: ${input.name}',
        'src/modules/x/x.repository.ts: ${input.type}',
        'src/modules/x/x.repository.ts: ${k}',
        'src/modules/x/x.repository.ts: ${m}',
      ],
    });
    // No single letter passes anywhere, the planner included.
    expect(scan('src/graphql/lookahead/planner.ts', 'const node = `MATCH (${m}) RETURN 1`;').unsafe).toEqual([
      'src/graphql/lookahead/planner.ts: ${m}',
    ]);
    expect([...SAFE_INTERPOLATIONS].filter((e) => /^\w$/.test(e))).toEqual([]);
  });

  it('never concatenates strings into Cypher with +', () => {
    const concatenated: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, n) => {
        if (/['"`]\s*\+|\+\s*['"`]/.test(line) && CYPHER.test(line)) concatenated.push(`${relative(file)}:${n + 1}`);
      });
    }
    expect(concatenated).toEqual([]);
  });
});
