// Products for previews and save-time checks: one with a picture, one without (a text-only card), so a
// template is tried on both. The picture is drawn inline: a preview never waits on a network.
import type { CheckoutItemVars, OrderItemVars, RecommendationVars } from "./variables";

/** The sample pictures, by name, and their colour. */
export const SAMPLE_PICTURES = { beans: "#8d6e63", server: "#90a4ae" } as const;
export type SamplePicture = keyof typeof SAMPLE_PICTURES;
/** Where a sample picture is: drawn inline by default; a test send points at the app's own copy (~/routes/brand.sample.$file). */
export type PictureUrl = (name: SamplePicture) => string;

export const inlinePicture: PictureUrl = (name) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192"><rect width="192" height="192" fill="${SAMPLE_PICTURES[name]}"/><circle cx="96" cy="96" r="48" fill="#ffffff" opacity="0.5"/></svg>`)}`;

export function sampleItems(shopUrl: string, ko: boolean, picture: PictureUrl = inlinePicture): CheckoutItemVars[] {
  return ko
    ? [
        { title: "에티오피아 예가체프 원두", variant_title: "200g", quantity: 1, price: "18,000원", url: `${shopUrl}/products/yirgacheffe?variant=4001`, image_url: picture("beans"), image_alt: "예가체프 원두 봉투" },
        { title: "핸드드립 필터", variant_title: null, quantity: 2, price: "4,500원", url: `${shopUrl}/products/paper-filters`, image_url: null, image_alt: null },
      ]
    : [
        { title: "Ethiopia Yirgacheffe beans", variant_title: "250 g", quantity: 1, price: "$16.00", url: `${shopUrl}/products/yirgacheffe?variant=4001`, image_url: picture("beans"), image_alt: "A bag of Yirgacheffe beans" },
        { title: "Paper filters", variant_title: null, quantity: 2, price: "$4.50", url: `${shopUrl}/products/paper-filters`, image_url: null, image_alt: null },
      ];
}

export function sampleOrderItems(shopUrl: string, ko: boolean, picture: PictureUrl = inlinePicture): OrderItemVars[] {
  return sampleItems(shopUrl, ko, picture).map((item) => ({ ...item, review_url: `${item.url.replace(/\?.*$/, "")}#reviews` }));
}

export function sampleRecommendations(shopUrl: string, ko: boolean, picture: PictureUrl = inlinePicture): RecommendationVars[] {
  return [
    { title: ko ? "드립 서버 600ml" : "Pour-over server, 600 ml", url: `${shopUrl}/products/server`, image_url: picture("server"), image_alt: null, price: ko ? "32,000원" : "$28.00" },
    { title: ko ? "콜롬비아 수프리모 원두" : "Colombia Supremo beans", url: `${shopUrl}/products/supremo`, image_url: null, image_alt: null, price: ko ? "17,000원" : "$15.00" },
  ];
}

export function sampleProduct(shopUrl: string, ko: boolean, picture: PictureUrl = inlinePicture) {
  const [item] = sampleItems(shopUrl, ko, picture);
  return { title: item.title, url: `${shopUrl}/products/yirgacheffe`, image_url: item.image_url, image_alt: item.image_alt, price: item.price };
}
