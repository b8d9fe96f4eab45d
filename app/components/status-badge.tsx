import { Badge } from "@shopify/polaris";
import { isMessageKey } from "~/i18n";
import { useT } from "./i18n";

const TONE: Record<string, "success" | "critical" | "warning" | "info" | undefined> = {
  sent: "success",
  failed: "critical",
  deferred: "warning",
  planned: "info",
  skipped: undefined,
};

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  const key = `status.${status}`;
  return <Badge tone={TONE[status]}>{isMessageKey(key) ? t(key) : status}</Badge>;
}
