// The link in every email's footer and List-Unsubscribe header. GET asks, POST unsubscribes
// (the page's button, or a mail client's RFC 8058 one-click POST).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConsentReceiptList } from "~/components/consent-receipt";
import { consentReceipt } from "~/.server/compliance/consent-receipt";
import { describeUnsubscribeLink, unsubscribeWithToken } from "~/.server/tracking/unsubscribe";
import db from "~/db.server";
import { env } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe" }, { name: "robots", content: "noindex" }];

function tokenOf(request: Request): string | null {
  return new URL(request.url).searchParams.get("token");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const page = await describeUnsubscribeLink(db, tokenOf(request), env().apiSecret);
  return data({ page, token: tokenOf(request) }, { status: page.ok ? 200 : 400 });
}

export async function action({ request }: ActionFunctionArgs) {
  const at = new Date();
  const result = await unsubscribeWithToken(db, tokenOf(request), env().apiSecret, at);
  const receipt = result.ok && !result.test ? consentReceipt({ locale: result.locale, sender: result.senderName, at, timeZone: result.timeZone, change: "unsubscribed" }) : null;
  return data({ done: result.ok, receipt }, { status: result.ok ? 200 : 400 });
}

const TEXT = {
  en: {
    ask: (shop: string) => `Stop emails from ${shop}?`,
    explain: (shop: string) => `You will no longer receive marketing emails from ${shop} at this address.`,
    button: "Unsubscribe",
    done: "You have been unsubscribed",
    doneExplain: (shop: string) => `${shop} will not send you marketing emails anymore.`,
    test: "This was a test email",
    testExplain: "In a real email this link unsubscribes the customer. Your address was not unsubscribed.",
  },
  ko: {
    ask: (shop: string) => `${shop}의 이메일을 그만 받으시겠어요?`,
    explain: () => `수신거부하시면 이 주소로 더 이상 광고성 이메일을 보내 드리지 않아요.`,
    button: "수신거부",
    done: "수신거부 처리되었어요",
    doneExplain: (shop: string) => `${shop}에서 더 이상 광고성 이메일을 보내 드리지 않아요.`,
    test: "테스트 이메일이에요",
    testExplain: "실제 이메일에서는 이 링크로 고객이 수신거부돼요. 이 주소는 수신거부되지 않았어요.",
  },
};

const box = { fontFamily: "system-ui, sans-serif", maxWidth: 480, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.6 };

export default function Unsubscribe() {
  const { page, token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!page.ok || (result && !result.done)) {
    return (
      <main style={box}>
        <h1>This unsubscribe link is invalid</h1>
        <p>It may have been copied incompletely. Open the link from the email again, or contact the shop.</p>
        <h1 lang="ko">유효하지 않은 수신거부 링크예요</h1>
        <p lang="ko">링크가 일부만 복사되었을 수 있어요. 이메일의 링크를 다시 열어 주시거나 쇼핑몰에 문의해 주세요.</p>
      </main>
    );
  }
  const lang = page.locale.toLowerCase().startsWith("ko") ? "ko" : "en";
  const t = TEXT[lang];
  if (page.test) {
    return (
      <main style={box} lang={lang}>
        <h1>{t.test}</h1>
        <p>{t.testExplain}</p>
      </main>
    );
  }
  if (result?.done) {
    return (
      <main style={box} lang={lang}>
        <h1>{t.done}</h1>
        <p>{t.doneExplain(page.shopName)}</p>
        {result.receipt && <ConsentReceiptList receipt={result.receipt} />}
      </main>
    );
  }
  return (
    <main style={box} lang={lang}>
      <h1>{t.ask(page.shopName)}</h1>
      <p>{t.explain(page.shopName)}</p>
      <form method="post" action={`/unsubscribe?token=${encodeURIComponent(token ?? "")}`}>
        <button type="submit" style={{ fontSize: "1rem", padding: "0.6rem 1.4rem" }}>
          {t.button}
        </button>
      </form>
    </main>
  );
}
