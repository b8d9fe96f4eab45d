// better-sqlite3 is one connection. Prisma's SQLite adapter serializes transactions against each
// other, but a query outside any transaction runs at once on that connection — inside whatever
// transaction another async task has open there, and is rolled back with it. A webhook answered
// "stored" could then vanish with someone else's failed transaction. This wrapper makes every use of
// the connection take its turn: a statement outside a transaction waits until the open one ends.
type Query = unknown;
type Tx = { commit(): Promise<void>; rollback(): Promise<void> };
type Adapter = {
  queryRaw(q: Query): Promise<unknown>;
  executeRaw(q: Query): Promise<number>;
  executeScript(script: string): Promise<void>;
  startTransaction(isolationLevel?: unknown): Promise<Tx>;
};
type Factory = { provider: string; adapterName: string; connect(): Promise<Adapter> };

class Turns {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with the release function once every earlier turn has been released. */
  take(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => mine);
    return before.then(() => release);
  }
}

function inTurn(tx: Tx, release: () => void): Tx {
  let released = false;
  const done = () => {
    if (!released) (released = true), release();
  };
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === "commit" || prop === "rollback") return () => target[prop]().finally(done);
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function oneUseAtATime<F extends Factory>(factory: F): F {
  const connect = async (): Promise<Adapter> => {
    const inner = await factory.connect();
    const turns = new Turns();
    const solo = async <T>(work: () => Promise<T>): Promise<T> => {
      const release = await turns.take();
      try {
        return await work();
      } finally {
        release();
      }
    };
    return new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === "queryRaw") return (q: Query) => solo(() => target.queryRaw(q));
        if (prop === "executeRaw") return (q: Query) => solo(() => target.executeRaw(q));
        if (prop === "executeScript") return (s: string) => solo(() => target.executeScript(s));
        if (prop === "startTransaction")
          return async (isolationLevel?: unknown) => {
            const release = await turns.take();
            try {
              return inTurn(await target.startTransaction(isolationLevel), release);
            } catch (error) {
              release();
              throw error;
            }
          };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect") return connect;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
