/** A merchant-editable email, each field Liquid. `body` is simple HTML (p, strong, a, ul/li). */
export type EmailTemplate = { subject: string; preheader: string; body: string };

/**
 * Opens every default subject: Korean advertising rules want "(광고)" first, in any language,
 * and merchants who start from a default keep that behaviour without knowing about it.
 */
export const AD_MARK = "{% if shop.korean_ad_rules %}(광고) {% endif %}";
