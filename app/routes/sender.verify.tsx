// The link in a sender verification email. GET only shows what the button does (mail scanners and link
// previews open links too); the button POSTs, and only that makes the address the shop's verified sender.
// The token rides in the query string and the POST body is never read, so the body cap of every
// public path (server.ts, ~/.server/http/body-limit) is all a script can make it hold.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { confirmSenderAddress, describeSenderLink, type SenderLink } from "~/.server/sender/verification";
import db from "~/db.server";
import { env } from "~/env.server";
import { translator } from "~/i18n";

export const meta: MetaFunction = () => [{ title: "Confirm the sender address" }, { name: "robots", content: "noindex" }];

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token");
const statusOf = (link: SenderLink) => (link.ok ? 200 : link.state === "invalid" ? 400 : link.state === "changed" ? 409 : 410);

export async function loader({ request }: LoaderFunctionArgs) {
  const link = await describeSenderLink(db, tokenOf(request), env().apiSecret, new Date());
  return data({ link, token: tokenOf(request) }, { status: statusOf(link) });
}

export async function action({ request }: ActionFunctionArgs) {
  const link = await confirmSenderAddress(db, tokenOf(request), env().apiSecret, new Date());
  return data({ link }, { status: statusOf(link) });
}

const box = { fontFamily: "system-ui, sans-serif", maxWidth: 520, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.6 };

export default function VerifySender() {
  const loaded = useLoaderData<typeof loader>();
  const link = useActionData<typeof action>()?.link ?? loaded.link;
  if (!link.ok && link.state === "invalid") {
    return (
      <main style={box}>
        {(["en", "ko"] as const).map((lang) => (
          <section key={lang} lang={lang}>
            <h1>{translator(lang)("senderVerify.page.invalid")}</h1>
            <p>{translator(lang)("senderVerify.page.invalidExplain")}</p>
          </section>
        ))}
      </main>
    );
  }
  const lang = link.lang ?? "en";
  const t = translator(lang);
  if (!link.ok) {
    const [title, explain] =
      link.state === "changed"
        ? [t("senderVerify.page.changed"), t("senderVerify.page.changedExplain")]
        : link.state === "expired"
          ? [t("senderVerify.page.expired"), t("senderVerify.page.expiredExplain")]
          : [t("senderVerify.page.ended"), null];
    return (
      <main style={box} lang={lang}>
        <h1>{title}</h1>
        {explain && <p>{explain}</p>}
      </main>
    );
  }
  const names = { email: link.email, shop: link.shopName };
  if (link.state === "verified") {
    return (
      <main style={box} lang={lang}>
        <h1>{t("senderVerify.page.done", names)}</h1>
        <p>{t("senderVerify.page.doneExplain")}</p>
      </main>
    );
  }
  return (
    <main style={box} lang={lang}>
      <h1>{t("senderVerify.page.title")}</h1>
      <p>{t("senderVerify.page.explain", names)}</p>
      <form method="post" action={`/sender/verify?token=${encodeURIComponent(loaded.token ?? "")}`}>
        <button type="submit" style={{ fontSize: "1rem", padding: "0.6rem 1.4rem" }}>
          {t("senderVerify.page.confirm", names)}
        </button>
      </form>
    </main>
  );
}
