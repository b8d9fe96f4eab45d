// The shape every benchmark returns: figures measured side by side in one run, each against its goal.
export type BenchFigure = {
  benchmark: string;
  /** What was measured, e.g. "scenarios page loader, 1,000,000 messages". */
  name: string;
  value: number;
  unit: string;
  /** Human goal, e.g. "≤ 100 ms"; null when the figure is informative only. */
  goal: string | null;
  met: boolean | null;
  /** What the figure was compared with or how it was taken. */
  note?: string;
};

export type BenchContext = { log: (line: string) => void };

export type Benchmark = { name: string; description: string; run(ctx: BenchContext): Promise<BenchFigure[]> };
