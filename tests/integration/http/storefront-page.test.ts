// The demo storefront over real HTTP: the product page with the embed block, the signed-in customer
// cookie the demo app proxy reads, the extension's assets, and nothing of it outside demo mode.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../scripts/demo/payloads";
import { startServer, type RunningServer } from "../../../scripts/lib/server-process";
import { startApp, type App } from "../../support/app";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const get = (pathAndQuery: string, headers: Record<string, string> = {}) => fetch(`${app.server.url}${pathAndQuery}`, { headers, redirect: "manual" });
const configOf = (html: string) => JSON.parse(/id="crm-exit-intent-config">([\s\S]*?)<\/script>/.exec(html)![1]);

describe("demo storefront product page", () => {
  it("renders the product with the embed block: its config and the deferred loader", async () => {
    const res = await get("/demo/storefront");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Harbour Blend");
    expect(html).toMatch(/<script src="\/demo\/storefront\/assets\/exit-intent-loader\.js\?v=\w+" defer><\/script>\s*<\/body>/);
    expect(configOf(html).product.handle).toBe("harbour-blend");
  });

  it("leaves the block out with ?embed=0, and nothing else changes", async () => {
    const withEmbed = await (await get("/demo/storefront")).text();
    const without = await (await get("/demo/storefront?embed=0")).text();
    expect(without).not.toContain("exit-intent");
    const squash = (html: string) => html.replace(/\s+/g, " ");
    expect(squash(without)).toBe(squash(withEmbed.replace(/<script type="application\/json"[\s\S]*<\/script>/, "")));
  });

  it("speaks Korean with ?lang=ko", async () => {
    const html = await (await get("/demo/storefront?lang=ko")).text();
    expect(html).toContain('<html lang="ko">');
    expect(configOf(html).text.headline).toBe("잠깐만요! 첫 주문 {value} 할인 쿠폰");
  });

  it("signs a customer in with ?customer= (a cookie the app proxy reads) and out with an empty one", async () => {
    const at = new Date();
    await app.webhook("customers/create", p.customer({ id: 8801, email: "mina@example.com", first_name: "<b>Mina</b>", last_name: "Kim" }, at));
    const signIn = await get("/demo/storefront?customer=8801");
    expect(signIn.headers.get("set-cookie")).toMatch(/^demo_customer=8801; Path=\/; HttpOnly; SameSite=Lax/);
    const html = await signIn.text();
    expect(html).toContain("Signed in as &#60;b&#62;Mina&#60;/b&#62; Kim");
    expect(configOf(html).customer).toBe(8801);

    const again = await (await get("/demo/storefront", { Cookie: "demo_customer=8801" })).text();
    expect(configOf(again).customer).toBe(8801);

    const signOut = await get("/demo/storefront?customer=", { Cookie: "demo_customer=8801" });
    expect(signOut.headers.get("set-cookie")).toMatch(/^demo_customer=; .*Max-Age=0/);
    expect(configOf(await signOut.text()).customer).toBeNull();
  });

  it("refuses a customer id that is not one", async () => {
    const res = await get(`/demo/storefront?customer=${encodeURIComponent("1; Path=/evil")}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("demo storefront assets", () => {
  it("serves the loader as JavaScript, cached for a year under its content hash, gzipped when asked", async () => {
    const src = /<script src="([^"]+)" defer>/.exec(await (await get("/demo/storefront")).text())![1];
    const res = await get(src, { "Accept-Encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(await res.text()).toContain("crm-exit-intent-config");
  });

  it("serves the modal styles as CSS, briefly cached without a hash", async () => {
    const res = await get("/demo/storefront/assets/exit-intent-modal.css");
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("serves nothing but the extension's assets", async () => {
    for (const file of ["nope.js", "..%2F..%2Fpackage.json", "..%2Fblocks%2Fexit-intent.liquid"]) {
      expect((await get(`/demo/storefront/assets/${file}`)).status, file).toBe(404);
    }
  });
});

describe("outside demo mode", () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-live-"));
    server = await startServer({
      CRM_DEMO: "0",
      CRM_JOBS: "off",
      NODE_ENV: "test",
      DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      SHOPIFY_API_KEY: "live-key",
      SHOPIFY_API_SECRET: "live-secret",
      SHOPIFY_APP_URL: "https://crm.example",
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has no demo storefront and no demo assets", async () => {
    expect((await fetch(`${server.url}/demo/storefront`)).status).toBe(404);
    expect((await fetch(`${server.url}/demo/storefront/assets/exit-intent-loader.js`)).status).toBe(404);
  });
});
