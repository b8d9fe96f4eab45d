// Stories that run around the real present, at midday UTC (the demo shop's zone), away from its quiet
// hours: clicks and server stamps use the real clock, and the stories stay close to it.
const today = new Date();

export const NOON = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));

/** `n` days (fractions allowed) from today's noon. */
export const days = (n: number) => new Date(NOON.getTime() + n * 86_400_000);

/** `n` hours from today's noon. */
export const hours = (n: number) => new Date(NOON.getTime() + n * 3_600_000);
