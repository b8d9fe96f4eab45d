// The dispatcher's lanes: different people's messages in parallel up to a limit, one person's in order.
import { describe, expect, it } from "vitest";
import { createLanes } from "~/.server/dispatch/lanes";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("lanes", () => {
  it("runs tasks of different keys side by side, never more than the limit at once", async () => {
    const lanes = createLanes(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lanes.run([`k${i}`], async () => {
          peak = Math.max(peak, ++running);
          await tick();
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it("runs a task only after every earlier task sharing one of its keys has finished", async () => {
    const lanes = createLanes(8);
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
    };
    await Promise.all([
      lanes.run(["email:a", "customer:1"], task("first", 20)),
      // Shares only the customer with the first: still waits for it.
      lanes.run(["customer:1"], task("second", 1)),
      // Shares only the address with the first.
      lanes.run(["email:a"], task("third", 1)),
      lanes.run(["email:b"], task("other", 1)),
    ]);
    const first = log.indexOf("first end");
    expect(log.indexOf("second start")).toBeGreaterThan(first);
    expect(log.indexOf("third start")).toBeGreaterThan(first);
    expect(log.indexOf("other end")).toBeLessThan(first);
  });

  it("goes on with a key's next task after one fails", async () => {
    const lanes = createLanes(2);
    const failed = lanes.run(["p"], async () => {
      throw new Error("boom");
    });
    const next = lanes.run(["p"], async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });
});
