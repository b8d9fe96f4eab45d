// Ends every run with one plain line, "tests: N passed, N failed, N skipped", that any CI log reader
// understands. A file that fails before its first test runs (set-up, an import) counts as one failed
// test, so the line never reads "0 failed" over a broken file. Tests skipped for a missing tool
// (Chromium) are listed with the reason their file gave (`ctx.skip(note)`). Each failed test is named
// on a line of its own ("failed: file > test — first line of the error"), so a CI log that keeps only
// its tail still says what failed; `scripts/run-tests.ts` repeats those lines at the very end.
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const brokenFiles: string[] = [];
    const failures: string[] = [];
    const skipNotes = new Map<string, number>();
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "passed") counts.passed++;
        else if (result.state === "failed") {
          counts.failed++;
          failedHere++;
          const first = result.errors?.[0]?.message?.split("\n")[0] ?? "";
          failures.push(`${path.relative(process.cwd(), module.moduleId)} > ${test.fullName}${first ? ` — ${first.slice(0, 300)}` : ""}`);
        } else {
          counts.skipped++;
          if (result.state === "skipped" && result.note) skipNotes.set(result.note, (skipNotes.get(result.note) ?? 0) + 1);
        }
      }
      if (failedHere === 0 && (module.state() === "failed" || module.errors().length > 0)) {
        counts.failed++;
        brokenFiles.push(path.relative(process.cwd(), module.moduleId));
      }
    }
    for (const failure of failures) console.log(`failed: ${failure}`);
    for (const file of brokenFiles) console.log(`failed before its tests ran: ${file}`);
    for (const [note, n] of skipNotes) console.log(`skipped ${n}: ${note}`);
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
