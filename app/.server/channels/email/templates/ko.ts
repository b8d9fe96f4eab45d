import type { TemplateKey } from "../variables";
import { AD_MARK, type EmailTemplate } from "./types";

// Particles that change with the last syllable (은/는, 이/가) never follow a variable.
const HI = `<p>{{ customer.first_name | default: "고객" }}님, 안녕하세요!</p>`;

export const KO: { [K in TemplateKey]: EmailTemplate } = {
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
  "win-back": {
    subject: `${AD_MARK}{{ shop.name }}에서 오랜만에 소식 전해요`,
    preheader: `마지막 주문 이후 {{ shop.name }}에 새로 들어온 상품을 소개해요.`,
    body: `${HI}
<p>{{ shop.name }}에서 마지막으로 주문하신 지 꽤 지났어요. 그동안 새 상품도 들어오고, 인기 상품도 다시 입고됐어요.</p>
<p>편하실 때 한번 둘러보세요.</p>
<p><a href="{{ shop.url }}">새로 들어온 상품 보기</a></p>`,
  },
  "win-back#1": {
    subject: `${AD_MARK}다시 만나고 싶어요, {{ shop.name }} {{ coupon.percent_off }}% 할인 쿠폰`,
    preheader: `쿠폰 {{ coupon.code }}, {{ coupon.ends_at }}까지 쓸 수 있어요.`,
    body: `${HI}
<p>{{ shop.name }}에서 다시 뵙고 싶어요. 다음 주문에 쓰실 수 있는 {{ coupon.percent_off }}% 할인 쿠폰을 드려요.</p>
<p><strong>{{ coupon.code }}</strong></p>
<p>결제할 때 입력해 주세요. {{ coupon.ends_at }}까지 쓸 수 있어요.</p>
<p><a href="{{ shop.url }}">쇼핑하러 가기</a></p>`,
  },
  "win-back#2": {
    subject: `${AD_MARK}앞으로도 소식을 보내 드릴까요?`,
    preheader: `한 번만 눌러 {{ shop.name }}의 이메일을 계속 받을지 알려 주세요.`,
    body: `${HI}
<p>한동안 소식이 없으셨어요. 읽지 않으시는 메일로 받은편지함을 채우고 싶지 않아요.</p>
<p>앞으로도 {{ shop.name }}의 소식을 받아 보시겠어요?</p>
<p><a href="{{ shop.url }}">네, 계속 받을게요</a></p>
<p><a href="{{ unsubscribe_url }}">아니요, 그만 받을게요</a></p>
<p>답이 없으시면 2주쯤 뒤부터 혜택 메일을 보내지 않을게요. 계정과 주문 내역은 그대로 남아요.</p>`,
  },
  "browse-abandonment": {
    subject: `${AD_MARK}{{ product.title }}, 아직 고민 중이세요?`,
    preheader: `{{ shop.name }}에서 보셨던 상품을 다시 보여 드려요.`,
    body: `${HI}
<p>{{ shop.name }}에서 보셨던 <strong>{{ product.title }}</strong> 상품이에요. 한 번 더 살펴보세요.</p>
<p><a href="{{ product.url }}">상품 다시 보기</a></p>`,
  },
  "cart-abandonment": {
    subject: `${AD_MARK}장바구니에 {{ product.title }} 상품이 담겨 있어요`,
    preheader: `{{ shop.name }}에서 이어서 쇼핑하세요.`,
    body: `${HI}
<p>{{ shop.name }} 장바구니에 담아 두신 <strong>{{ product.title }}</strong> 상품이 그대로 있어요. 준비되시면 이어서 주문해 보세요.</p>
<p><a href="{{ product.url }}">상품 보러 가기</a></p>`,
  },
};
