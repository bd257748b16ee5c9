import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Cypher is never built from user input: values travel as parameters. This test reads every
 * source file, finds each template literal that is Cypher, and checks that everything spliced
 * into it is one of the expressions below, whose values come only from fixed lists in code
 * (labels, relationship types, property names, sort directions, fragments of the list specs).
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
  'm',
  "wheres.map((w) => `(${w})`).join(' AND ')",
  'w',
  // db/list-query.ts: a page's LIMIT, an integer checked by literalLimit; its count subquery (built
  // from clauses()) or nothing, and the column that comes with it
  'literalLimit(first)',
  'count',
  "counted ? ', total' : ''",
  // a label from a fixed list (missingIds, fetchByIds, tagNode, linkSubjects callers pass literals)
  'label',
  // customer.repository.ts: the consent fragment, over a fixed variable name
  'v',
  "hasAnalyticsConsent('n')",
  // customer.repository.ts: SINGLE_LINKS, a fixed table of relationship types and labels
  'type',
  // read-batcher.ts: statements of list-query.ts (already checked here) with renamed parameters,
  // their fixed column names, and the subquery number
  'body',
  'row',
  'k',
  // interaction.repository.ts: NEW_PROPS and LINK_NEW, constant fragments shared by the two writer statements
  'NEW_PROPS',
  'LINK_NEW',
  // insight.repository.ts: KEEP_VERSION, the constant fragment keeping an insight's version before a change
  // (updateInsight, supersede, learning's updateLearned)
  'KEEP_VERSION',
  // analytics.repository.ts and learning/miners.ts: the consent and segment tests and shared constant fragments
  'CONSENT',
  "hasAnalyticsConsent('o')",
  'IN_SEGMENT',
  'HEALTH_FACTS',
  'EXPERT_TAIL',
  'CONSENTING_SUBJECTS',
  // learning/miners.ts: the as-of test of a HAS_NEED relationship, over a fixed variable name
  "HELD_BY_THEN('h')",
  "HELD_BY_THEN('ha')",
  "HELD_BY_THEN('hb')",
  // graphql/lookahead/planner.ts: projections built from NESTED and READS (fixed tables in code): generated
  // variable names (`la<k>`, `r<k>`, `__la<k>`), the parent pattern of a list spec, a sort property
  // of a spec, a direction checked to be ASC or DESC, `$la<k>` parameter names; list-query.ts puts
  // such a projection in a page statement
  'child.cypher',
  'dir',
  'limit',
  'out',
  'pattern',
  'planned.cypher',
  'projection',
  'rel.toLabels[0]',
  'r',
  'sort.property',
  // graphql/lookahead/planner.ts: a nested page's filter, the fixed fragments of its list spec rewritten by
  // nestedFilterClauses (list-query.ts) over a generated variable and a `$la<k>` parameter
  'filtered',
  'x',
  'item',
  'param',
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
  // LINK_TYPES), fixed variable names (a, b), and constant fragments built from them: the deletion time, the
  // decoding of saved properties, the single-link tests, the erased test, the merged-record lookup, the version bump
  'DELETED_AT',
  'DECODE',
  'otherLabel',
  'a',
  'b',
  'single',
  'notErased',
  'survivor',
  'merged',
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

const CYPHER = /\b(MATCH|MERGE|UNWIND|RETURN|DETACH DELETE|CREATE \(|CREATE CONSTRAINT|SET [a-z]+\.)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Template literals of a file with the expressions spliced into them (nested templates kept whole). */
function templates(text: string): { body: string; expressions: string[] }[] {
  const out: { body: string; expressions: string[] }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '`') continue;
    let j = i + 1;
    const expressions: string[] = [];
    let body = '';
    while (j < text.length && text[j] !== '`') {
      if (text[j] === '\\') {
        body += text.slice(j, j + 2);
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
    out.push({ body, expressions });
    i = j;
  }
  return out;
}

describe('Cypher in the sources', () => {
  const files = sources(path.join(__dirname, '..', '..', 'src'));

  it('splices nothing but fixed names from code into Cypher text', () => {
    const unsafe: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const t of templates(readFileSync(file, 'utf8'))) {
        if (!CYPHER.test(t.body)) continue;
        checked++;
        for (const e of t.expressions) if (!SAFE_INTERPOLATIONS.has(e)) unsafe.push(`${path.relative(process.cwd(), file)}: \${${e}}`);
      }
    }
    expect(unsafe).toEqual([]);
    expect(checked).toBeGreaterThan(20); // the scan does find the Cypher
  });

  it('never concatenates strings into Cypher with +', () => {
    const concatenated: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, n) => {
        if (/['"`]\s*\+|\+\s*['"`]/.test(line) && CYPHER.test(line)) concatenated.push(`${path.relative(process.cwd(), file)}:${n + 1}`);
      });
    }
    expect(concatenated).toEqual([]);
  });
});
