import type { MapResult } from "~/domain/types";
import { NOT_AN_OBJECT, isRecord } from "./common";
import type { MapMeta } from "./common";

/** The payload is the shop resource, whose timestamps say nothing about the uninstall itself. */
export function mapAppUninstalled(payload: unknown, meta: MapMeta): MapResult {
  if (!isRecord(payload)) return NOT_AN_OBJECT;
  return { ok: true, events: [{ kind: "AppUninstalled", at: meta.triggeredAt ?? meta.receivedAt }] };
}
