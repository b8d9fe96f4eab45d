// The part of Shopify's Web Pixels API this pixel uses, as @shopify/web-pixels-extension documents it
// (register, analytics.subscribe, browser, init, settings, customerPrivacy). It types the pixel where
// the package is not installed (the app's own type check); Shopify CLI bundles the package itself.
// Every field the pixel reads is optional here: the code must cope with an event that lacks one.
declare module "@shopify/web-pixels-extension" {
  export type PixelProductVariant = {
    id?: string | null;
    product?: { id?: string | null } | null;
  };

  export type PixelEvent = {
    id?: string;
    name?: string;
    timestamp?: string;
    data?: {
      productVariant?: PixelProductVariant | null;
      cartLine?: { merchandise?: PixelProductVariant | null; quantity?: number } | null;
    } | null;
  };

  export type PixelPrivacy = {
    analyticsProcessingAllowed?: boolean;
    marketingAllowed?: boolean;
    preferencesProcessingAllowed?: boolean;
    saleOfDataAllowed?: boolean;
  };

  export type PixelLocation = { href?: string; search?: string };

  export type ExtensionApi = {
    readonly settings: Record<string, unknown>;
    readonly analytics: { subscribe(name: string, callback: (event: PixelEvent) => void): () => boolean };
    readonly browser: {
      sendBeacon?: (url: string, body?: string) => Promise<boolean>;
      sessionStorage?: {
        getItem(key: string): Promise<string | null>;
        setItem(key: string, value: string): Promise<void>;
      };
    };
    readonly init: {
      context?: { document?: { location?: PixelLocation }; window?: { location?: PixelLocation } };
      data?: { customer?: { id?: string | null } | null; shop?: { myshopifyDomain?: string } | null };
      customerPrivacy?: PixelPrivacy;
    };
    readonly customerPrivacy?: { subscribe(name: string, callback: (event: { customerPrivacy?: PixelPrivacy }) => void): () => boolean };
  };

  export function register(extend: (api: ExtensionApi) => void): void;
}
