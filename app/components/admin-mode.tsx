import { createContext, useContext, type ReactNode } from "react";

const DemoContext = createContext(false);

/** Demo mode runs in a plain browser: no App Bridge, so components draw their own equivalents. */
export function AdminModeProvider({ demo, children }: { demo: boolean; children: ReactNode }) {
  return <DemoContext.Provider value={demo}>{children}</DemoContext.Provider>;
}

export function useIsDemo(): boolean {
  return useContext(DemoContext);
}
