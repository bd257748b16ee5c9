import { Neo4jError } from 'neo4j-driver';
import { DomainError, ErrorCode } from '../../src/common/errors';
import { mapDriverError } from '../../src/db/graph';

/** What a client sees of the driver's errors: a code it can act on, or the error itself (an internal one). */
describe('mapDriverError', () => {
  const mapped = (e: unknown) => {
    const m = mapDriverError(e);
    return m instanceof DomainError ? [m.code, m.message] : m;
  };

  it('gives SERVICE_UNAVAILABLE when the database is down, and when every pooled connection stayed busy (overload, not a bug)', () => {
    expect(mapped(new Neo4jError('Could not perform discovery.', 'ServiceUnavailable', '', ''))).toEqual([
      ErrorCode.SERVICE_UNAVAILABLE,
      'The knowledge graph is unavailable right now; try again shortly.',
    ]);
    // The message the driver's pool gives (neo4j-driver-core, internal/pool/pool.js), with its code 'N/A'.
    const exhausted = new Neo4jError(
      'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 50, Idle conn count = 0.',
      'N/A',
      '',
      '',
    );
    expect(mapped(exhausted)).toEqual([ErrorCode.SERVICE_UNAVAILABLE, 'The knowledge graph is too busy right now; try again shortly.']);
  });

  it('leaves other driver errors as they are (an internal error for the client)', () => {
    const other = new Neo4jError('Invalid input', 'Neo.ClientError.Statement.SyntaxError', '', '');
    expect(mapped(other)).toBe(other);
  });
});
