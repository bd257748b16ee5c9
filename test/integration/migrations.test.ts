import { loadMigrations, migrate } from '../../src/db/migrations';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer(); // applies the migrations once
});
afterAll(() => s.close());

const constraintNames = async () =>
  (await s.graph.read('SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name')).map((r) => r.name as string);
const indexNames = async () =>
  (await s.graph.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name ORDER BY name")).map((r) => r.name as string);

describe('migrations', () => {
  it('are ordered files of idempotent statements', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.name)).toEqual([
      '001_constraints',
      '002_indexes',
      '003_fulltext',
      '004_audit',
      '005_import',
      '006_fulltext_eventually_consistent',
      '007_learning',
      '008_name_text_indexes',
      '009_interaction_filter_index',
      '010_case_insensitive_titles',
      '011_corrections',
      '012_segment_descriptions',
      '013_event_log',
      '014_webhooks',
      '015_customer_health_snapshot',
      '016_inbox',
      '017_saved_views',
    ]);
    // Schema statements guarded by IF (NOT) EXISTS, or data statements that recompute a property from
    // another or fill in a missing one (015: the health snapshot of every customer, recomputed).
    for (const m of migrations) {
      for (const st of m.statements)
        expect(st).toMatch(
          /IF NOT EXISTS|^DROP INDEX \w+ IF EXISTS$|^MATCH \((\w+):\w+\) SET \1\.\w+ = toLower\(\1\.\w+\)$|^MATCH \((\w+):\w+\) WHERE \2\.(\w+) IS NULL SET \2\.\3 = ''$|^MATCH \(c:Customer\)\nWITH c, datetime\.transaction\(\) AS asOf\n[^;]*\nSET c\.lastContactAt = [^;]*c\.healthAsOf = CASE WHEN scored THEN asOf END$/,
        );
    }
  });

  it('run twice change nothing, and record the applied versions in the graph', async () => {
    const constraints = await constraintNames();
    const indexes = await indexNames();
    const again = await migrate(s.graph);
    expect(again).toEqual({ applied: [], skipped: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], current: 17 });
    // Even re-running every statement (as a half-applied migration would) is harmless.
    for (const m of loadMigrations()) for (const st of m.statements) await s.graph.write(st);
    expect(await constraintNames()).toEqual(constraints);
    expect(await indexNames()).toEqual(indexes);
    const recorded = await s.graph.read('MATCH (m:Migration) RETURN m.version AS version, m.name AS name ORDER BY version');
    expect(recorded).toEqual([
      { version: 1, name: '001_constraints' },
      { version: 2, name: '002_indexes' },
      { version: 3, name: '003_fulltext' },
      { version: 4, name: '004_audit' },
      { version: 5, name: '005_import' },
      { version: 6, name: '006_fulltext_eventually_consistent' },
      { version: 7, name: '007_learning' },
      { version: 8, name: '008_name_text_indexes' },
      { version: 9, name: '009_interaction_filter_index' },
      { version: 10, name: '010_case_insensitive_titles' },
      { version: 11, name: '011_corrections' },
      { version: 12, name: '012_segment_descriptions' },
      { version: 13, name: '013_event_log' },
      { version: 14, name: '014_webhooks' },
      { version: 15, name: '015_customer_health_snapshot' },
      { version: 16, name: '016_inbox' },
      { version: 17, name: '017_saved_views' },
    ]);
  });

  it('give a segment without a description (imported before the importer wrote an empty one) an empty one, and leave the others', async () => {
    await s.graph.write(
      "CREATE (:Segment {id: 'mig-bare', name: 'mig bare', nameLower: 'mig bare'}), (:Segment {id: 'mig-told', name: 'mig told', nameLower: 'mig told', description: 'Told'})",
    );
    const fill = loadMigrations().find((m) => m.name === '012_segment_descriptions')!;
    for (const st of fill.statements) await s.graph.write(st);
    const rows = await s.graph.read(
      "MATCH (s:Segment) WHERE s.id STARTS WITH 'mig-' RETURN s.id AS id, s.description AS description ORDER BY id",
    );
    expect(rows).toEqual([
      { id: 'mig-bare', description: '' },
      { id: 'mig-told', description: 'Told' },
    ]);
  });

  it('create the uniqueness constraints and indexes the API relies on', async () => {
    expect(await constraintNames()).toEqual(
      expect.arrayContaining([
        'customer_id',
        'employee_id',
        'interaction_id',
        'need_id',
        'insight_id',
        'annotation_id',
        'topic_id',
        'segment_id',
        'interaction_external_id',
        'employee_email',
        'topic_name',
        'segment_name',
        'customer_external_id',
        'employee_external_id',
        'need_external_id',
        'insight_external_id',
        'segment_external_id',
        'annotation_external_id',
        'record_change_id',
        'merged_customer_id',
        'merged_need_id',
        'notification_id',
        'saved_view_id',
      ]),
    );
    expect(await indexNames()).toEqual(
      expect.arrayContaining([
        'interaction_occurred_at',
        'customer_lifecycle_stage',
        'insight_status',
        'notification_created_at',
        'customer_text',
        'interaction_text',
        'need_text',
        'insight_text',
        'customer_name_lower_text',
        'employee_name_lower_text',
        'interaction_channel_touchpoint_time',
        'need_title_lower',
        'segment_name_lower',
        'record_change_record',
        'deleted_id',
        'deleted_deletion',
        'deleted_at',
        'deleted_external_id',
        'merged_customer_external_id',
      ]),
    );
    const fulltext = await s.graph.read(
      'SHOW FULLTEXT INDEXES YIELD name, options RETURN name, options.indexConfig AS config ORDER BY name',
    );
    expect(fulltext.map((r) => [r.name, r.config['fulltext.eventually_consistent']])).toEqual([
      ['customer_text', true],
      ['insight_text', true],
      ['interaction_text', true],
      ['need_text', true],
    ]);
    const email = `dup-${Date.now()}@example.com`;
    await s.graph.write('CREATE (:Employee {id: randomUUID(), email: $email})', { email });
    await expect(s.graph.write('CREATE (:Employee {id: randomUUID(), email: $email})', { email })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await s.graph.read('MATCH (e:Employee {email: $email}) RETURN count(e) AS n', { email }))[0].n).toBe(1);
  });
});
