import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { env } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Timing CRM" }];

// Shopify opens the app at its URL with ?shop=…&host=…: the embedded admin lives under /app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { demo: env().demo };
};

export default function Index() {
  const { demo } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Timing CRM</h1>
      <p>Emails that go out at the moment they matter: after signup, after a checkout is left, before a coupon expires, after delivery.</p>
      {demo ? (
        <p>
          Demo mode: <a href="/app">open the merchant admin</a>.
        </p>
      ) : (
        <p>Install the app from your Shopify admin to switch the scenarios on.</p>
      )}
    </main>
  );
}
