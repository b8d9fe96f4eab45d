// The link in a signup confirmation email. GET shows what it does (mail scanners open links too);
// the button POSTs, and only that subscribes the address in Shopify (double opt-in).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { confirmSignup, describeSignupLink, type SignupLink } from "~/.server/channels/onsite/confirm-signup";
import { liveProxyDeps } from "~/.server/channels/onsite/live";
import { consentReceipt } from "~/.server/compliance/consent-receipt";
import { ConsentReceiptList } from "~/components/consent-receipt";
import db from "~/db.server";
import { env } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Confirm your subscription" }, { name: "robots", content: "noindex" }];

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token");
const statusOf = (link: SignupLink) => (link.ok ? 200 : link.state === "expired" ? 410 : link.state === "ended" ? 409 : 400);

/** Who, when and what (art. 50(7)), once the subscription is confirmed. */
function receiptOf(link: SignupLink) {
  if (!link.ok || link.state !== "confirmed" || !link.confirmedAt) return null;
  return consentReceipt({ locale: link.locale, sender: link.senderName, at: link.confirmedAt, timeZone: link.timeZone, change: "subscribed" });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const link = await describeSignupLink(db, tokenOf(request), env().apiSecret, new Date());
  return data({ link, token: tokenOf(request), receipt: receiptOf(link) }, { status: statusOf(link) });
}

export async function action({ request }: ActionFunctionArgs) {
  // The storefront's own Admin API client: in the demo, the same fake Shopify the proxy writes to.
  const { admin } = await liveProxyDeps();
  const result = await confirmSignup({ db, admin, secret: env().apiSecret }, tokenOf(request), new Date());
  // Shopify did not answer: nothing changed, and the same button works again.
  const status = result.ok ? 200 : result.link.ok ? 503 : statusOf(result.link);
  return data({ confirmed: result.ok, unavailable: !result.ok && result.link.ok, receipt: receiptOf(result.link) }, { status });
}

const TEXT = {
  en: {
    ask: (shop: string) => `Subscribe to emails from ${shop}?`,
    explain: (email: string) => `Confirm that ${email} may receive news and offers. You can unsubscribe from any email.`,
    button: "Confirm my subscription",
    done: "You're subscribed",
    doneExplain: (shop: string) => `Thank you. ${shop} will write to you soon.`,
    expired: "This link has expired",
    expiredExplain: "Nothing was subscribed. Sign up again on the store to get a new link.",
    ended: "This store no longer sends emails through this link",
    unavailable: "We could not reach the store just now. Nothing changed: please try the button again in a minute.",
  },
  ko: {
    ask: (shop: string) => `${shop}의 이메일 소식을 받아보시겠어요?`,
    explain: (email: string) => `${email} 주소로 새 소식과 혜택을 받는 데 동의해 주세요. 언제든 메일에서 수신거부할 수 있어요.`,
    button: "구독 확인하기",
    done: "수신동의 처리되었어요",
    doneExplain: (shop: string) => `고마워요. 곧 ${shop}의 소식을 보내 드릴게요.`,
    expired: "링크의 유효기간이 지났어요",
    expiredExplain: "구독되지 않았어요. 쇼핑몰에서 다시 신청하시면 새 링크를 보내 드려요.",
    ended: "이 쇼핑몰은 더 이상 이 링크로 이메일을 보내지 않아요",
    unavailable: "지금은 쇼핑몰에 연결할 수 없어요. 아무것도 바뀌지 않았으니 잠시 후 버튼을 다시 눌러 주세요.",
  },
};

const box = { fontFamily: "system-ui, sans-serif", maxWidth: 480, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.6 };

export default function ConfirmSignup() {
  const { link, token, receipt: shown } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!link.ok && link.state === "invalid") {
    return (
      <main style={box}>
        <h1>This confirmation link is invalid</h1>
        <p>It may have been copied incompletely. Open the link from the email again.</p>
        <h1 lang="ko">유효하지 않은 확인 링크예요</h1>
        <p lang="ko">링크가 일부만 복사되었을 수 있어요. 이메일의 링크를 다시 열어 주세요.</p>
      </main>
    );
  }
  const lang = (link.locale ?? "en").toLowerCase().startsWith("ko") ? "ko" : "en";
  const t = TEXT[lang];
  if (!link.ok) {
    return (
      <main style={box} lang={lang}>
        <h1>{link.state === "ended" ? t.ended : t.expired}</h1>
        {link.state === "expired" && <p>{t.expiredExplain}</p>}
      </main>
    );
  }
  if (result?.confirmed || link.state === "confirmed") {
    return (
      <main style={box} lang={lang}>
        <h1>{t.done}</h1>
        <p>{t.doneExplain(link.shopName)}</p>
        {(result?.receipt ?? shown) && <ConsentReceiptList receipt={(result?.receipt ?? shown)!} />}
      </main>
    );
  }
  return (
    <main style={box} lang={lang}>
      <h1>{t.ask(link.shopName)}</h1>
      <p>{t.explain(link.email)}</p>
      {result?.unavailable && <p role="alert">{t.unavailable}</p>}
      <form method="post" action={`/signup/confirm?token=${encodeURIComponent(token ?? "")}`}>
        <button type="submit" style={{ fontSize: "1rem", padding: "0.6rem 1.4rem" }}>
          {t.button}
        </button>
      </form>
    </main>
  );
}
