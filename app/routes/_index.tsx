import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Timing CRM" }];

export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Timing CRM</h1>
      <p>Emails that go out at the moment they matter: after signup, after a checkout is left, before a coupon expires, after delivery.</p>
      <p>Install the app from your Shopify admin to switch the scenarios on.</p>
    </main>
  );
}
