/** A message's statuses, in the order the activity filter lists them. Shared by the server and the page. */
export const MESSAGE_STATUSES = ["planned", "deferred", "sent", "skipped", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
