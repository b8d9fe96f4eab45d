import type { EmailScenarioKey } from "../variables";
import { AD_MARK, type EmailTemplate } from "./types";

// Particles that change with the last syllable (은/는, 이/가) never follow a variable.
const HI = `<p>{{ customer.first_name | default: "고객" }}님, 안녕하세요!</p>`;

export const KO: { [K in EmailScenarioKey]: EmailTemplate } = {
  welcome: {
    subject: `${AD_MARK}{{ shop.name }}에 오신 것을 환영해요! 첫 주문 {{ coupon.percent_off }}% 할인`,
    preheader: `할인 코드 {{ coupon.code }}, {{ coupon.ends_at }}까지 사용할 수 있어요.`,
    body: `${HI}
<p>{{ shop.name }}에 가입해 주셔서 감사합니다. 첫 주문에 쓰실 수 있는 {{ coupon.percent_off }}% 할인 코드를 드려요.</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>결제할 때 입력해 주세요. {{ coupon.ends_at }}까지 사용할 수 있어요.</p>
<p><a href="{{ shop.url }}">쇼핑하러 가기</a></p>`,
  },
  "cart-recovery": {
    subject: `${AD_MARK}장바구니에 담아 두신 상품이 기다리고 있어요`,
    preheader: `{{ shop.name }}에서 고르신 상품을 잊지 마세요.`,
    body: `${HI}
<p>{{ shop.name }}에서 장바구니에 담아 두신 상품이에요.</p>
<ul>
{% for item in checkout.items %}<li>{{ item.title }}{% if item.variant_title %} ({{ item.variant_title }}){% endif %} × {{ item.quantity }}개: {{ item.price }}</li>
{% endfor %}</ul>
<p>합계: <strong>{{ checkout.total }}</strong></p>
<p><a href="{{ checkout.url }}">주문 완료하기</a></p>`,
  },
  "coupon-expiry": {
    subject: `${AD_MARK}{{ coupon.percent_off }}% 할인 코드가 곧 만료돼요`,
    preheader: `{{ coupon.ends_at }}까지 사용할 수 있어요.`,
    body: `${HI}
<p>{{ shop.name }}에서 드린 {{ coupon.percent_off }}% 할인 코드의 사용 기한이 얼마 남지 않았어요.</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>{{ coupon.ends_at }}까지 사용할 수 있습니다. 잊기 전에 사용해 보세요.</p>
<p><a href="{{ shop.url }}">지금 사용하기</a></p>`,
  },
  "post-delivery": {
    subject: `${AD_MARK}주문하신 상품은 마음에 드셨나요?`,
    preheader: `{{ shop.name }}에 짧은 후기를 남겨 주세요.`,
    body: `${HI}
<p>{{ shop.name }}에서 주문하신 {{ order.name }} 상품을 잘 받아 보셨나요? 마음에 드셨으면 좋겠어요.</p>
<p>짧은 후기를 남겨 주시면 다른 고객분들께 큰 도움이 돼요.</p>
<p><a href="{{ order.review_url }}">후기 남기기</a></p>`,
  },
  "second-order": {
    subject: `${AD_MARK}{{ shop.name }} 다음 주문 {{ coupon.percent_off }}% 할인 쿠폰`,
    preheader: `첫 주문 {{ order.name }} 감사 쿠폰, {{ coupon.ends_at }}까지 쓸 수 있어요.`,
    body: `${HI}
<p>{{ shop.name }}에서 첫 주문({{ order.name }})을 해 주셔서 감사해요. 받으신 상품이 마음에 드셨으면 좋겠어요.</p>
<p>다음 주문에 쓰실 수 있는 {{ coupon.percent_off }}% 할인 쿠폰을 드려요.</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>결제할 때 입력해 주세요. {{ coupon.ends_at }}까지 쓸 수 있어요.</p>
<p><a href="{{ shop.url }}">다시 쇼핑하기</a></p>`,
  },
};
