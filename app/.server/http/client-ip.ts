// The request header in which server.ts hands the routes the client's address: the socket's peer, or
// the address the configured number of trusted proxies saw (TRUST_PROXY). A client-supplied value is
// overwritten before any route runs.
export const CLIENT_IP_HEADER = "X-Crm-Client-Ip";

export function clientIpOf(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER)?.trim() || "unknown";
}
