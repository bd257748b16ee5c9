/**
 * The importer's turns on their own: one batch written while the next one is read. (Whole imports,
 * against Neo4j, are in test/integration/import*.test.ts.)
 */
import { writeInTurn, type Batch } from '../../src/import/batching';

const batch = (line: number): Batch => ({ type: null, items: [], rejects: [], firstLine: line, lastLine: line });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('writeInTurn', () => {
  it('writes the batches in order, each once the one before it is written', async () => {
    const events: string[] = [];
    async function* batches() {
      for (const line of [1, 2, 3]) {
        events.push(`read ${line}`);
        yield batch(line);
      }
    }
    await writeInTurn(batches(), async (b) => {
      events.push(`write ${b.firstLine}`);
      await sleep(5);
      events.push(`written ${b.firstLine}`);
    });
    expect(events).toEqual(['read 1', 'write 1', 'read 2', 'written 1', 'write 2', 'read 3', 'written 2', 'write 3', 'written 3']);
  });

  it('fails with the error of a write that fails while the next batch is read, a rejection handled from the start', async () => {
    // Node ends the process on a promise rejected with no handler (--unhandled-rejections=throw), even
    // one handled later; Jest forgives that, so the test watches when the write's promise gets one.
    let unhandledWhenRejected: boolean | null = null;
    const failing = () => {
      const write: Watched = new Watched((_, reject) =>
        setTimeout(() => {
          unhandledWhenRejected = !write.handled;
          reject(new Error('the write of batch 1 failed'));
        }, 5),
      );
      return write;
    };
    async function* batches() {
      yield batch(1);
      await sleep(50); // reading the next batch takes longer than the first write does to fail
      yield batch(2);
    }
    const written: number[] = [];
    const run = writeInTurn(batches(), (b) => (b.firstLine === 1 ? failing() : Promise.resolve(void written.push(b.firstLine))));
    await expect(run).rejects.toThrow('the write of batch 1 failed');
    expect(unhandledWhenRejected).toBe(false);
    expect(written).toEqual([]);
  });
});

/** A promise that notes when a handler is first attached to it. */
class Watched extends Promise<void> {
  static override get [Symbol.species]() {
    return Promise;
  }
  handled = false;
  override then<A = void, B = never>(
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.handled = true;
    return super.then(onFulfilled, onRejected);
  }
}
