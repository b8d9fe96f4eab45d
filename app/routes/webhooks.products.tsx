import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "~/.server/webhooks/handler";

export const action = ({ request }: ActionFunctionArgs) => handleWebhook(request, "/webhooks/products");
