import { BatchQueue } from './batchQueue';
import { OverloadedError, WriteError } from './dbErrors';

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('group commit', () => {
  it('commits what queued while the previous transaction ran as one batch, and answers after the commit', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const q = new BatchQueue<number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) {
          await gate.promise;
        }
      },
      { batchRows: 100, queueRows: 1000 }
    );
    let firstDone = false;
    const first = q.submit([1]).then(() => (firstDone = true));
    const second = q.submit([2, 3]);
    const third = q.submit([4]);
    await new Promise((r) => setImmediate(r));
    expect(firstDone).toBe(false);
    gate.release();
    await Promise.all([first, second, third]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a request larger than a batch and keeps batches under the limit', async () => {
    const batches: number[][] = [];
    const q = new BatchQueue<number>(async (items) => void batches.push(items), { batchRows: 2, queueRows: 1000 });
    await Promise.all([q.submit([1, 2, 3, 4, 5]), q.submit([6])]);
    expect(batches).toEqual([[1, 2], [3, 4], [5], [6]]);
  });

  it('refuses a request when too many rows wait, without losing the queued ones', async () => {
    const gate = deferred();
    const q = new BatchQueue<number>(() => gate.promise, { batchRows: 10, queueRows: 3 });
    const a = q.submit([1, 2]);
    await expect(q.submit([3, 4])).rejects.toBeInstanceOf(OverloadedError);
    gate.release();
    await expect(a).resolves.toBeUndefined();
    expect(q.depth).toBe(0);
  });

  it('writes requests one by one when a row of one of them is refused, so the others still land', async () => {
    const committed: number[][] = [];
    const q = new BatchQueue<number>(
      async (items) => {
        if (items.includes(-1)) {
          throw new WriteError('rejected_by_database', 'Data too long');
        }
        committed.push(items);
      },
      { batchRows: 100, queueRows: 1000 }
    );
    const gate = q.submit([0]);
    const results = await Promise.allSettled([gate, q.submit([1]), q.submit([-1]), q.submit([2])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(committed.flat().sort()).toEqual([0, 1, 2]);
  });

  it('fails every request of a batch the database could not take', async () => {
    const q = new BatchQueue<number>(
      async () => {
        throw new WriteError('unavailable', 'connect ECONNREFUSED');
      },
      { batchRows: 100, queueRows: 1000 }
    );
    const results = await Promise.allSettled([q.submit([1]), q.submit([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(q.whenIdle()).resolves.toBeUndefined();
  });
});
