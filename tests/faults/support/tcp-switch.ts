// A loopback TCP relay in front of a server that can be taken down (every connection cut, the port
// refusing) and brought back on the same port: a mail server outage as a client sees it.
import net from "node:net";

export type TcpSwitch = { port: number; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> };

export async function startTcpSwitch(targetPort: number): Promise<TcpSwitch> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(targetPort, "127.0.0.1");
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on("close", () => sockets.delete(sock));
          sock.on("error", () => {});
        }
        client.pipe(upstream).pipe(client);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        server = s;
        resolve((s.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const down = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise((r) => s.close(r));
  };
  return {
    port,
    down,
    up: async () => {
      if (!server) await listen(port);
    },
    close: down,
  };
}
