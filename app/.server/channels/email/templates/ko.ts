import type { TemplateKey } from "../variables";
import type { BlockTemplate } from "./types";

// One voice, 해요체, and "쿠폰" for codes. Particles that change with the last syllable (은/는, 이/가)
// never follow a variable. coupon.ends_at reads "3월 14일(토) 23:59": the sentence adds 까지.
const HI = { type: "text", text: "{{ customer.first_name }}님, 안녕하세요!" } as const;

export const KO: { [K in TemplateKey]: BlockTemplate } = {
  welcome: {
    subject: `{{ shop.name }}에 오신 걸 환영해요! 첫 주문 {{ coupon.value }} 할인 쿠폰`,
    preheader: `쿠폰 {{ coupon.code }}, {{ coupon.ends_at }}까지 쓸 수 있어요.`,
    blocks: [
      { type: "heading", text: "{{ shop.name }}에 오신 걸 환영해요" },
      HI,
      { type: "text", text: "가입해 주셔서 고마워요. 첫 주문에 쓸 수 있는 {{ coupon.value }} 할인 쿠폰을 드려요." },
      { type: "coupon", text: "아래 버튼을 누르면 쿠폰이 자동으로 적용돼요. {{ coupon.ends_at }}까지 쓸 수 있어요." },
      { type: "button", label: "쿠폰 받고 쇼핑하기", href: "coupon.url" },
    ],
  },
  "cart-recovery": {
    subject: `장바구니에 담아 둔 상품이 기다리고 있어요`,
    preheader: `{{ shop.name }}에서 고른 상품이 그대로 있어요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }} 장바구니에 담아 두신 상품이에요." },
      { type: "products", source: "checkout.items" },
      { type: "text", text: "합계: {{ checkout.total }}" },
      { type: "button", label: "주문 마저 하기", href: "checkout.url" },
    ],
  },
  "coupon-expiry": {
    subject: `{{ coupon.value }} 할인 쿠폰이 곧 끝나요`,
    preheader: `쿠폰 {{ coupon.code }}, {{ coupon.ends_at }}까지 쓸 수 있어요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }}에서 드린 {{ coupon.value }} 할인 쿠폰의 사용 기한이 얼마 남지 않았어요." },
      { type: "coupon", text: "{{ coupon.ends_at }}까지 쓸 수 있어요. 아래 버튼을 누르면 쿠폰이 자동으로 적용돼요." },
      { type: "button", label: "지금 쿠폰 쓰기", href: "coupon.url" },
    ],
  },
  "post-delivery": {
    subject: `주문하신 상품, 마음에 드셨어요?`,
    preheader: `{{ shop.name }}에 짧은 후기를 남겨 주세요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }}에서 주문하신 {{ order.name }} 상품은 잘 받으셨어요? 마음에 드셨으면 좋겠어요." },
      { type: "text", text: "짧은 후기를 남겨 주시면 다른 고객분들께 큰 도움이 돼요." },
      { type: "products", source: "order.items", reviewLabel: "후기 남기기" },
      { type: "products", source: "recommendations", title: "함께 보면 좋은 상품" },
    ],
  },
  "second-order": {
    subject: `{{ shop.name }} 다음 주문 {{ coupon.value }} 할인 쿠폰`,
    preheader: `첫 주문 {{ order.name }} 감사 쿠폰, {{ coupon.ends_at }}까지 쓸 수 있어요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }}에서 첫 주문({{ order.name }})을 해 주셔서 고마워요. 받으신 상품이 마음에 드셨으면 좋겠어요." },
      { type: "products", source: "order.items" },
      { type: "text", text: "다음 주문에 쓸 수 있는 {{ coupon.value }} 할인 쿠폰을 드려요." },
      { type: "coupon", text: "아래 버튼을 누르면 쿠폰이 자동으로 적용돼요. {{ coupon.ends_at }}까지 쓸 수 있어요." },
      { type: "button", label: "쿠폰 받고 다시 쇼핑하기", href: "coupon.url" },
      { type: "products", source: "recommendations", title: "함께 보면 좋은 상품" },
    ],
  },
  "win-back": {
    subject: `{{ shop.name }}에서 오랜만에 소식 전해요`,
    preheader: `마지막 주문 이후 {{ shop.name }}에 새로 들어온 상품을 소개해요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }}에서 마지막으로 주문하신 지 꽤 지났어요. 그동안 새 상품도 들어오고, 인기 상품도 다시 들어왔어요.\n\n편하실 때 한번 둘러보세요." },
      { type: "button", label: "새로 들어온 상품 보기", href: "shop.url" },
    ],
  },
  "win-back#1": {
    subject: `다시 만나고 싶어요, {{ shop.name }} {{ coupon.value }} 할인 쿠폰`,
    preheader: `쿠폰 {{ coupon.code }}, {{ coupon.ends_at }}까지 쓸 수 있어요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }}에서 다시 뵙고 싶어요. 다음 주문에 쓸 수 있는 {{ coupon.value }} 할인 쿠폰을 드려요." },
      { type: "coupon", text: "아래 버튼을 누르면 쿠폰이 자동으로 적용돼요. {{ coupon.ends_at }}까지 쓸 수 있어요." },
      { type: "button", label: "쿠폰 받고 쇼핑하기", href: "coupon.url" },
    ],
  },
  "win-back#2": {
    subject: `앞으로도 소식을 보내 드릴까요?`,
    preheader: `한 번만 눌러 {{ shop.name }}의 이메일을 계속 받을지 알려 주세요.`,
    blocks: [
      HI,
      { type: "text", text: "한동안 소식이 없으셨어요. 읽지 않는 메일로 받은편지함을 채우고 싶지 않아요.\n\n앞으로도 {{ shop.name }}의 소식을 받아 보시겠어요?" },
      { type: "button", label: "네, 계속 받을게요", href: "shop.url" },
      { type: "button", label: "아니요, 그만 받을게요", href: "unsubscribe_url" },
      { type: "text", text: "답이 없으시면 2주쯤 뒤부터 혜택 메일을 보내지 않을게요. 계정과 주문 내역은 그대로 남아요." },
    ],
  },
  "browse-abandonment": {
    subject: `{{ product.title }}, 아직 고민 중이세요?`,
    preheader: `{{ shop.name }}에서 보신 상품을 다시 보여 드려요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }}에서 보신 상품이에요. 한 번 더 살펴보세요." },
      { type: "products", source: "product" },
      { type: "button", label: "상품 다시 보기", href: "product.url" },
    ],
  },
  "cart-abandonment": {
    subject: `장바구니에 담아 둔 상품이 그대로 있어요`,
    preheader: `{{ shop.name }}에서 이어서 쇼핑해 보세요.`,
    blocks: [
      HI,
      { type: "text", text: "{{ shop.name }} 장바구니에 담아 두신 상품이 그대로 있어요. 준비되면 이어서 주문해 보세요." },
      { type: "products", source: "product" },
      { type: "button", label: "상품 보러 가기", href: "product.url" },
    ],
  },
};
