// The web pixel's events (extensions/web-pixel), posted from storefronts: public, see receive.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receivePixelEvents } from "~/.server/pixel/receive";
import db from "~/db.server";
import { env } from "~/env.server";

const deps = () => ({ db, secret: env().apiSecret, now: () => new Date() });

export const action = ({ request }: ActionFunctionArgs) => receivePixelEvents(request, deps());
export const loader = ({ request }: LoaderFunctionArgs) => receivePixelEvents(request, deps());
