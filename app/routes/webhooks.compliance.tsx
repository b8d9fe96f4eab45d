import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "~/.server/webhooks/handler";

export const action = ({ request }: ActionFunctionArgs) => handleWebhook(request, ["customers/data_request", "customers/redact", "shop/redact"]);
